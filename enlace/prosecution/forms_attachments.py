"""The attach-a-file form: what it is attached to (a note, an event or a person of this case) and the file."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models_attachments import AttachmentTarget


class AttachmentForm(forms.Form):
    """One select of targets, each value ``kind:id``; the service checks the target belongs to the case."""

    target = forms.ChoiceField(label=_("Attach to"))
    file = forms.FileField(label=_("File"))

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        target = self.fields["target"]
        assert isinstance(target, forms.ChoiceField)
        target.choices = [("", "—")] + [
            (str(label), [(f"{kind}:{pk}", text) for pk, text in options])
            for kind, label, options in ((AttachmentTarget.NOTE, _("Notes"), targets.notes),
                                         (AttachmentTarget.EVENT, _("Timeline events"), targets.events),
                                         (AttachmentTarget.PERSON, _("Persons"), targets.persons)) if options]

    def target_parts(self) -> tuple[str, int]:
        kind, _sep, pk = self.cleaned_data["target"].partition(":")
        return kind, int(pk)
