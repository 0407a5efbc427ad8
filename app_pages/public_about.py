"""Public site, "About this data": the inspection and the plan, feedback, sources, how statuses are decided, small numbers, words used, accessibility (metrics.views.site.about)."""

from ui.public import about_page, public_chrome
from ui.state import current_view

public_chrome("About this data")
about_page(current_view())
