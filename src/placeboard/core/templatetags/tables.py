"""{% scrollregion "Label" %}<table>…</table>{% endscrollregion %}: a wide table scrolls sideways inside its own
region on a narrow screen, instead of widening the page. The region is labelled and takes focus so that
keyboard users can scroll it too (WCAG 1.4.10 Reflow, 2.1.1 Keyboard)."""

from django import template
from django.utils.html import format_html

register = template.Library()


class ScrollRegionNode(template.Node):
    def __init__(self, label, nodelist):
        self.label, self.nodelist = label, nodelist

    def render(self, context):
        return format_html(
            '<div class="pb-table-scroll" role="region" aria-label="{}" tabindex="0">{}</div>',
            self.label.resolve(context),
            self.nodelist.render(context),
        )


@register.tag
def scrollregion(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("scrollregion takes one argument: the region's label")
    nodelist = parser.parse(("endscrollregion",))
    parser.delete_first_token()
    return ScrollRegionNode(parser.compile_filter(bits[1]), nodelist)
