"""Public site, "About this data": feedback, sources, how statuses are decided, small numbers, accessibility."""

from ui.public import about_page, public_chrome
from ui.state import current_view

public_chrome("About this data")
about_page(current_view())
