"""Public site, "Our progress": area by area, what was promised, where it stands and what happens next."""

from ui.public import progress_page, public_chrome
from ui.state import current_view

public_chrome("Our progress")
progress_page(current_view())
