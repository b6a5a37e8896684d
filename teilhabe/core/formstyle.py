"""KERN classes for Django form widgets."""

from __future__ import annotations

from typing import Any

from django import forms

_INPUT_CLASSES: dict[type[forms.Widget], str] = {
    # Most specific first: CheckboxSelectMultiple is a SelectMultiple, CheckboxInput an Input.
    forms.CheckboxSelectMultiple: "kern-form-check__checkbox",
    forms.CheckboxInput: "kern-form-check__checkbox",
    forms.Textarea: "kern-form-input__input",
    forms.SelectMultiple: "kern-form-input__select",
    forms.Select: "kern-form-input__select",
    forms.widgets.Input: "kern-form-input__input",
}


class KernFormMixin:
    """Gives every widget the KERN design system's class, so templates can render fields as they are."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            for widget_type, css in _INPUT_CLASSES.items():
                if isinstance(widget, widget_type):
                    existing = widget.attrs.get("class", "")
                    widget.attrs["class"] = f"{existing} {css}".strip()
                    break
