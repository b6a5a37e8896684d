"""``{% field %}`` and ``{% choices %}``: a form field in the KERN markup, with label, hint, errors and filter."""

from __future__ import annotations

import pytest
from django import forms
from django.template import engines
from django.utils import translation

from teilhabe.core.formstyle import KernFormMixin


class Sample(KernFormMixin, forms.Form):
    title = forms.CharField(label="Titel", help_text="Kurz <und> knapp")
    note = forms.CharField(label="Notiz", required=False)
    kind = forms.ChoiceField(label="Art", choices=[("a", "A"), ("b", "B")])
    free = forms.BooleanField(label="kostenlos", required=False)
    few = forms.MultipleChoiceField(
        label="Wenige", choices=[("x", "X & Y")], widget=forms.CheckboxSelectMultiple, required=False
    )
    many = forms.MultipleChoiceField(
        label="Viele", choices=[(str(n), f"Wahl {n}") for n in range(13)], widget=forms.CheckboxSelectMultiple
    )


def render(source: str, **context: object) -> str:
    return engines["django"].from_string("{% load fields %}" + source).render(context)


def test_a_text_field_with_label_hint_and_an_escaped_value() -> None:
    html = render("{% field form.title %}", form=Sample({"title": "<b>"}))
    assert html.startswith('<div class="kern-form-input"><label class="kern-label" for="id_title">Titel</label>')
    assert '<div class="kern-hint" id="id_title_helptext">Kurz &lt;und&gt; knapp</div>' in html
    assert 'value="&lt;b&gt;"' in html
    assert "optional" not in html  # required


def test_optional_fields_say_so_except_in_a_filter() -> None:
    form = Sample()
    assert '<span class="kern-label__optional">– optional</span>' in render("{% field form.note %}", form=form)
    assert "optional" not in render("{% field form.note in_filter=True %}", form=form)
    with translation.override("en"):
        assert "– optional" in render("{% field form.note %}", form=form)


def test_errors_are_announced_and_linked() -> None:
    form = Sample({})
    assert not form.is_valid()
    html = render("{% field form.title %}", form=form)
    assert 'class="kern-form-input kern-form-input--error"' in html
    assert '<p class="kern-error" id="id_title-error" role="alert">' in html
    many = render("{% field form.many %}", form=form)
    assert 'aria-describedby="id_many-error"' in many and "kern-fieldset--error" in many


def test_selects_are_wrapped_and_checkboxes_keep_their_state() -> None:
    form = Sample({"free": "on", "kind": "b"})
    select = render("{% field form.kind %}", form=form)
    assert '<div class="kern-form-input__select-wrapper"><select name="kind"' in select
    assert '<option value="b" selected>B</option>' in select
    box = render("{% field form.free %}", form=form)
    assert '<input type="checkbox" class="kern-form-check__checkbox" id="id_free" name="free" checked>' in box
    assert '<label class="kern-label" for="id_free">kostenlos</label>' in box


def test_a_long_list_of_choices_gets_a_filter_a_short_one_none() -> None:
    form = Sample()
    few = render("{% choices form.few %}", form=form)
    assert "data-th-choices" not in few and "X &amp; Y" in few
    many = render("{% field form.many %}", form=form)
    assert '<fieldset class="kern-fieldset th-choices" data-th-choices>' in many
    assert '<label class="kern-label" for="id_many_filter">Viele: Liste eingrenzen</label>' in many
    assert 'data-template="{visible} von {total} sichtbar, {checked} ausgewählt"' in many
    assert many.count('<div class="kern-form-check">') == 13


def test_checkboxes_are_written_as_django_writes_them(monkeypatch: pytest.MonkeyPatch) -> None:
    from django.forms.boundfield import BoundWidget

    from teilhabe.core.templatetags.fields import _option_tag

    real_tag = BoundWidget.tag

    rendered = []
    monkeypatch.setattr(BoundWidget, "tag", lambda self, wrap_label=False: rendered.append(self) or real_tag(self))
    for data in (None, {"many": ["1", "12"], "few": ["x"]}, {"title": ""}):
        form = Sample(data)
        if data is not None:
            form.is_valid()
        for name in ("few", "many"):
            for box in form[name]:
                assert str(_option_tag(box)) == str(real_tag(box))
    assert rendered == []  # the tag wrote every box itself, without the template
    checked = next(iter(Sample({"few": ["x"]})["few"]))
    assert " checked" in str(_option_tag(checked))
