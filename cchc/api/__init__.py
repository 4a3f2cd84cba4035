"""JSON API (django-ninja) for online submission, tracking and the staff worklist; mounted at ``/api/``."""
