"""Public site, "About this data": sources, how statuses are decided, small numbers, accessibility, feedback."""

from ui.public import about_page
from ui.state import current_view

about_page(current_view())
