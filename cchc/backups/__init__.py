"""Backups: ``cchc backup`` writes a verified, self-describing backup set (database + uploaded files);
``cchc restore`` puts one back into a fresh place. The app has no models and imports no other app: it
works on the database as a whole (every table counted) and on ``MEDIA_ROOT`` as a whole.
"""
