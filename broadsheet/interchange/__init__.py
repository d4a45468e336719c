"""What Broadsheet's own export format defines, shared by the exporter that writes it and
the importer that reads it: the document's name and version, a page's publication
status, how a body names pictures and pages, and the order categories are made in.

Neither side imports the other: both import this.
"""
