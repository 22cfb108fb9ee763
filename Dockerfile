FROM python:3.11-slim-bookworm

# WeasyPrint's system libraries.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 \
    fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=openclassrooms.settings.production
WORKDIR /app
COPY . .
RUN pip install --no-cache-dir .
RUN DJANGO_SECRET_KEY=collectstatic-only DJANGO_ALLOWED_HOSTS=localhost DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    CELERY_BROKER_URL=memory:// CACHE_URL=locmemcache:// EMAIL_URL=consolemail:// \
    sh -c "python manage.py collectstatic --noinput && python manage.py compilemessages"

RUN useradd --create-home --uid 1000 app && mkdir -p /app/var && chown -R app /app/var
USER app
EXPOSE 8000
# Its settings (bind, workers, a JSON access log with the request id): openclassrooms/gunicorn.py.
CMD ["gunicorn", "-c", "python:openclassrooms.gunicorn", "openclassrooms.wsgi:application"]
