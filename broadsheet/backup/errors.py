class BackupError(Exception):
    """A backup or a restore that cannot go on, with what the person can do about it."""
