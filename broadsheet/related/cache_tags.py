"""What related coverage tells the page cache it shows (broadsheet.pagecache)."""


def related(pk) -> str:
    """Post ``pk``'s Related coverage box: which posts it lists, in what order."""
    return f"related:{pk}"
