"""{% scrollregion %}: a wide table scrolls inside its own labelled, focusable region."""

import pytest
from django.template import Context, Template, TemplateSyntaxError


def test_wraps_its_content_in_a_labelled_focusable_region():
    html = Template('{% load tables %}{% scrollregion label %}<table></table>{% endscrollregion %}').render(
        Context({"label": 'Figures & "notes"'}))
    assert html == ('<div class="pb-table-scroll" role="region" aria-label="Figures &amp; &quot;notes&quot;" '
                    'tabindex="0"><table></table></div>')


def test_needs_a_label():
    with pytest.raises(TemplateSyntaxError):
        Template("{% load tables %}{% scrollregion %}<table></table>{% endscrollregion %}")
