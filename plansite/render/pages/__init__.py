"""One module per kind of page. Each has `pages(context)`, yielding its Pages and Downloads; a kind whose
pages grow one per corpus item and are rendered in forked workers (documents) has `items(context)` and
`render_item(context, item)` instead, and `IN_WORKERS = True`. A new kind is a module, a template and an
entry in KINDS."""

from plansite.render.pages import (
                                   agencies,
                                   alignment,
                                   calendar,
                                   cited,
                                   coverage,
                                   document,
                                   documents,
                                   home,
                                   localities,
                                   open_data,
                                   sources,
                                   targets,
                                   timeline,
)

# In the order their pages are written; documents last, as they are collected from the workers.
KINDS = (home, documents, localities, coverage, agencies, cited, targets, timeline, calendar, alignment, open_data, sources, document)
