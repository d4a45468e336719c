"""Categories in an order where each parent comes before the categories filed under it."""

from collections.abc import Callable, Hashable, Iterable


def parents_first[T](
    items: Iterable[T], *, key: Callable[[T], Hashable], parent: Callable[[T], Hashable | None]
) -> list[T]:
    """``items`` with each parent before its children, siblings in their given order.

    Whoever makes categories one by one needs this: WordPress's importer files a category
    under a parent only if it has made the parent already, and so does Broadsheet's.
    Items filed under each other in a loop have no first one; they come last, as given.
    """
    items = list(items)
    known = {key(item) for item in items}
    children: dict[Hashable | None, list[T]] = {}
    for item in items:
        parent_key = parent(item) if parent(item) in known else None
        children.setdefault(parent_key, []).append(item)
    ordered: list[T] = []
    waiting = list(children.get(None, []))
    while waiting:
        item = waiting.pop(0)
        ordered.append(item)
        waiting.extend(children.get(key(item), []))
    placed = {key(item) for item in ordered}
    return ordered + [item for item in items if key(item) not in placed]
