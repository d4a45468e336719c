"""RSS 2.0 and Atom feeds of the latest posts: the whole site, a category, a tag, an author."""
