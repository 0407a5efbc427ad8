"""Public site, "What we are doing": public actions with their status, due date and public update."""

from ui.public import actions_page
from ui.state import current_view

actions_page(current_view())
