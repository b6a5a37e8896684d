"""``{% field form.x %}`` and ``{% choices form.x %}``: a form field in the KERN design system's markup.

Written in Python rather than as an included template: a form page includes the field template once per field
(some sixty times on the offer form), and Django's ``{% include %}`` with its context and the template's
conditions cost about a third of such a page (8 of 24 ms for the offer form at 1,000,000 offers)."""

from __future__ import annotations

from html import escape
from typing import Any

from django import template
from django.forms import BoundField
from django.forms.boundfield import BoundWidget
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

register = template.Library()

#: From this many choices a group of checkboxes gets a text filter (shown by teilhabe.js).
LONG_LIST = 12


def _optional(field: BoundField, in_filter: bool) -> str:
    # Filters are all optional: saying so beside each would only be noise.
    if field.field.required or in_filter:
        return ""
    # Outside the f-string: makemessages does not look into f-strings.
    optional = gettext("optional")
    return f' <span class="kern-label__optional">– {_e(optional)}</span>'


def _errors(field: BoundField) -> str:
    return "".join(
        f'<p class="kern-error" id="{_e(field.auto_id)}-error" role="alert">{_e(e)}</p>' for e in field.errors
    )


def _help(field: BoundField) -> str:
    if not field.help_text:
        return ""
    return f'<div class="kern-hint" id="{_e(field.auto_id)}_helptext">{_e(field.help_text)}</div>'


#: The template of a checkbox among choices: rendered here as Django's input template does (attrs.html).
_CHECKBOX_OPTION = "django/forms/widgets/checkbox_option.html"


def _e(value: Any) -> str:
    """``conditional_escape`` without its wrappers (lazy-string check, SafeString): called some 500 times for the
    offer form's checkboxes, where ``format_html`` had cost 3 ms."""
    return value.__html__() if hasattr(value, "__html__") else escape(str(value))


def _option_tag(box: BoundWidget) -> str:
    """``box.tag()`` (which never wraps the label) without a template for a checkbox: the offer form has some sixty
    of them. Plain text, escaped here; the caller marks the whole group safe."""
    data = box.data
    if data.get("template_name") != _CHECKBOX_OPTION:
        return str(box.tag())
    attrs = "".join(
        f" {_e(name)}" if value is True else f' {_e(name)}="{_e(value)}"'
        for name, value in data["attrs"].items()
        if value is not False
    )
    value = "" if data["value"] is None else f' value="{_e(data["value"])}"'
    return f'<input type="{_e(data["type"])}" name="{_e(data["name"])}"{value}{attrs}>'


@register.simple_tag
def choices(field: BoundField, in_filter: bool = False) -> SafeString:
    """A group of checkboxes as a KERN fieldset. A long list gets a text filter above it that teilhabe.js shows
    (without JavaScript the filter stays hidden and every option is listed), with a live count."""
    long = len(field.field.choices) > LONG_LIST  # type: ignore[attr-defined]
    described = " ".join(
        part
        for part in (
            f"{field.auto_id}_helptext" if field.help_text else "",
            f"{field.auto_id}-error" if field.errors else "",
        )
        if part
    )
    filter_box = mark_safe("")
    if long:
        filter_box = format_html(
            '<div class="th-choices__filter" hidden><div class="kern-form-input">'
            '<label class="kern-label" for="{id}_filter">{label}</label>'
            '<input class="kern-form-input__input" type="search" id="{id}_filter" autocomplete="off" '
            'aria-controls="{id}_options" aria-describedby="{id}_count" data-th-choices-filter></div>'
            '<p class="kern-body kern-body--small th-muted" id="{id}_count" aria-live="polite" '
            'data-th-choices-count data-template="{count}"></p></div>',
            id=field.auto_id,
            label=gettext("%(label)s: Liste eingrenzen") % {"label": field.label},
            count=gettext("{visible} von {total} sichtbar, {checked} ausgewählt"),
        )
    boxes = mark_safe(  # noqa: S308 (every value escaped by _e or _option_tag)
        "".join(
            f'<div class="kern-form-check">{_option_tag(box)}<label class="kern-label" for="{_e(box.id_for_label)}">'
            f"{_e(box.choice_label)}</label></div>"
            for box in field
        )
    )
    error = " kern-fieldset--error" if field.errors else ""
    described_by = f' aria-describedby="{_e(described)}"' if described else ""
    return mark_safe(  # noqa: S308 (every value escaped by _e or the helpers)
        f'<fieldset class="kern-fieldset th-choices{error}"{" data-th-choices" if long else ""}{described_by}>'
        f'<legend class="kern-label">{_e(field.label)}{_optional(field, in_filter)}</legend>{_help(field)}{filter_box}'
        f'<div class="kern-fieldset__body th-choices__options{" th-choices__options--long" if long else ""}" '
        f'id="{_e(field.auto_id)}_options">{boxes}</div>{_errors(field)}</fieldset>'
    )


@register.simple_tag
def field(field: BoundField, in_filter: bool = False) -> SafeString:
    """Label, hint, widget and errors of one field; a group of checkboxes as ``choices``."""
    widget_type = field.widget_type
    if widget_type == "checkboxselectmultiple":
        return choices(field, in_filter)
    if widget_type == "checkbox":
        invalid = f' aria-invalid="true" aria-describedby="{_e(field.auto_id)}-error"' if field.errors else ""
        return mark_safe(  # noqa: S308 (every value escaped by _e or the helpers)
            f'<div class="kern-form-check{" kern-form-check--error" if field.errors else ""}">'
            f'<input type="checkbox" class="kern-form-check__checkbox" id="{_e(field.id_for_label)}" '
            f'name="{_e(field.html_name)}" {"checked" if field.value() else ""}{invalid}>'
            f'<label class="kern-label" for="{_e(field.id_for_label)}">{_e(field.label)}</label>{_errors(field)}</div>'
        )
    widget = str(field)  # the widget's own rendering, escaped by its template
    if widget_type in ("select", "selectmultiple"):
        widget = f'<div class="kern-form-input__select-wrapper">{widget}</div>'
    return mark_safe(  # noqa: S308 (every value escaped by _e or the helpers)
        f'<div class="kern-form-input{" kern-form-input--error" if field.errors else ""}">'
        f'<label class="kern-label" for="{_e(field.id_for_label)}">{_e(field.label)}{_optional(field, in_filter)}'
        f"</label>{_help(field)}{widget}{_errors(field)}</div>"
    )
