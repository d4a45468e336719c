"""What a row held before the save in progress: for signal handlers comparing before and after."""


def stored_values(instance, *fields: str):
    """``fields`` of ``instance`` as the database holds them now (a tuple), or None for a
    row not saved yet. One field gives its value alone."""
    if not instance.pk:
        return None
    stored = type(instance)._default_manager.filter(pk=instance.pk)
    if len(fields) == 1:
        return stored.values_list(fields[0], flat=True).first()
    return stored.values_list(*fields).first()
