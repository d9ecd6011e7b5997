"""Extension points of the accounts app (see ``enlace.core.hooks``).

``grant_requested(request=, approvers=)``: a grant of access waits for a decision; the
notifications app tells the approvers. ``grant_decided(request=)``: it was approved or
rejected; the requester is told. ``break_glass_used(user=, case_id=, until=)``: emergency
access was granted by one person; every auditor is told at once.
"""

from enlace.core.hooks import Hook

grant_requested = Hook("accounts.grant_requested")
grant_decided = Hook("accounts.grant_decided")
break_glass_used = Hook("accounts.break_glass_used")
