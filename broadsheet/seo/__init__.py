"""What search engines read: the sitemap index and its sections, and robots.txt."""
