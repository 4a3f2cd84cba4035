"""``{{ user|display_name }}``: a person's name as every template shows it (``cchc.org.selectors``)."""

from django import template

from cchc.org.selectors import display_name as _display_name

register = template.Library()


@register.filter
def display_name(user) -> str:
    return _display_name(user)
