from django.dispatch import Signal

# Sent when `restore` has put a backup in place: the database, the media files and the
# schema are the backup's. Whatever keeps copies of pages (caches, a CDN) empties them here.
site_restored = Signal()
