"""The form renderer: Django's widget templates in their Jinja2 form, the same HTML as Django's default renderer."""

from __future__ import annotations

import re

from django import forms
from django.contrib.admin.widgets import AdminFileWidget, RelatedFieldWidgetWrapper
from django.forms.renderers import DjangoTemplates
from django.template.backends.django import Template as DjangoTemplate
from django.template.backends.jinja2 import Template as Jinja2Template

from teilhabe.core.formstyle import KernFormMixin
from teilhabe.core.renderers import WidgetRenderer


class EveryKind(KernFormMixin, forms.Form):
    title = forms.CharField(max_length=20, help_text="Kurz & <knapp>")
    text = forms.CharField(widget=forms.Textarea)
    count = forms.IntegerField(min_value=0)
    when = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    mail = forms.EmailField(required=False)
    free = forms.BooleanField(required=False)
    kind = forms.ChoiceField(choices=[("a", "A & B"), ("b", "<b>")])
    kinds = forms.MultipleChoiceField(choices=[("x", "X"), ("y", "Y")], widget=forms.CheckboxSelectMultiple)
    many = forms.MultipleChoiceField(choices=[("x", "X"), ("y", "Y")])
    one = forms.ChoiceField(choices=[("1", "eins"), ("2", "zwei")], widget=forms.RadioSelect)
    upload = forms.FileField(required=False)
    secret = forms.CharField(widget=forms.PasswordInput)
    hidden = forms.CharField(widget=forms.HiddenInput, initial='"quoted"')


def same_layout(html: str) -> str:
    """Whitespace runs as one space, none between tags, one spelling of each escaped quote: the two template
    languages differ in line breaks and in how they spell an escaped quote only."""
    html = str(html).replace("&#34;", "&quot;").replace("&#39;", "&#x27;")
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html)).strip()


def test_widgets_render_as_with_django_templates_bound_and_unbound() -> None:
    data = {"title": "<script>", "kind": "b", "kinds": ["x", "y"], "many": ["y"], "one": "2", "free": "on"}
    for form_data in (None, data):
        fast = EveryKind(form_data, renderer=WidgetRenderer())
        default = EveryKind(form_data, renderer=DjangoTemplates())
        if form_data:
            assert not fast.is_valid() and not default.is_valid()  # errors rendered too
        for name in EveryKind.base_fields:
            assert same_layout(fast[name]) == same_layout(default[name]), name
        assert same_layout(fast.as_div()) == same_layout(default.as_div())
        if form_data:
            assert 'value="&lt;script&gt;"' in str(fast["title"])  # escaped


def test_django_widget_templates_come_from_jinja2_the_admins_from_django_templates() -> None:
    renderer = WidgetRenderer()
    assert isinstance(renderer.get_template("django/forms/widgets/text.html"), Jinja2Template)
    assert isinstance(renderer.get_template("admin/widgets/clearable_file_input.html"), DjangoTemplate)
    assert AdminFileWidget.template_name.startswith("admin/")
    assert RelatedFieldWidgetWrapper.template_name.startswith("admin/")
