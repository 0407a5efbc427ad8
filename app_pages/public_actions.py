"""Public site, "What we are doing": public actions with their status, due date and public update (metrics.views.site.actions)."""

from ui.public import actions_page, public_chrome
from ui.state import current_view

public_chrome("What we are doing")
actions_page(current_view())
