"""The two busiest pages: *My week* (a mentor with 40 students) and a student's page."""

import statistics
import time

from django.test import Client
from django.urls import reverse

from openclassrooms.accounts.models import User


def measure_pages(repeat: int = 15) -> None:

    def median_ms(user, url) -> tuple[float, int]:
        client = Client()
        client.force_login(user)
        client.get(url)
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
            assert response.status_code == 200, response.status_code
        return statistics.median(times) * 1000, len(response.content)

    mentor = User.objects.get(email="bench-mentor-1@bench.test")
    student = User.objects.get(email="bench-student-1@bench.test")
    ms, size = median_ms(mentor, reverse("mentoring:dashboard"))
    print(f"My week (mentor with {mentor.mentees.count()} students): median {ms:.1f} ms ({size:,} bytes)")
    ms, size = median_ms(student, reverse("students:dashboard"))
    print(f"Student's page: median {ms:.1f} ms ({size:,} bytes)")
