"""Study services: sessions, scheduling, statistics and progress files. No Qt.

The GUI opens them with `open_services(db_url)`, calls a method, and renders what it gets.
"""

from app.services.profiles import Services, open_services

__all__ = ["Services", "open_services"]
