"""Extension points of the screening app (see ``enlace.core.hooks``).

Screening sits below referrals: a consent or a referral may be made for a screening before the
person exists, so ``referrals`` knows screenings and not the reverse. What a screening write means
for referrals and notifications is done by handlers that ``referrals`` registers here, called in
the same transaction as the write:

- ``screening_handed_over(actor=, screening=, team=)``: the screening was sent to a specialised team.
- ``screening_converted(actor=, screening=, person=, case=)``: the screening became ``person`` in
  ``case``; its consents and referrals follow the person.
- ``result_context(actor=, screening=)``: each handler returns a dict merged into the context of the
  screening's result page (e.g. the referrals panel). Reads only: handlers are selectors.
"""

from enlace.core.hooks import Hook

screening_handed_over = Hook("screening.screening_handed_over")
screening_converted = Hook("screening.screening_converted")
result_context = Hook("screening.result_context")
