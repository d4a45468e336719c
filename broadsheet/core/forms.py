"""What readers' forms share."""


class AccessibleErrorsMixin:
    """Each invalid input points at its message (``<id>-error``), for screen readers.

    The templates render a field's errors in an element with that id.
    """

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs.update(
                    {"aria-invalid": "true", "aria-describedby": f"{self[name].id_for_label}-error"}
                )
