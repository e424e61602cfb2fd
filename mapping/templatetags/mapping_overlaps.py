"""The rows of the overlaps page's tables, rendered once per service however many overlaps list it.

A county's overlaps page lists tens of thousands of rows but only a few thousand services: a
template loop paid for a URL reversal, several lookups and a translation on every row. These
tags build each service's row once per page (the same markup the template had) and join them.
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from coordination.links import place_detail_address_maker

register = template.Library()

_CACHE = "mapping_overlap_rows"


def _row_start(url, service):
    """A row up to its finding (which differs between overlaps for the same service)."""
    return format_html(
        '\n    <tr class="govuk-table__row">\n'
        '      <th scope="row" class="govuk-table__header"><a class="govuk-link" href="{}">{}</a>'
        "</th>\n"
        '      <td class="govuk-table__cell">{}</td>\n'
        '      <td class="govuk-table__cell">',
        url,
        service.name,
        service.organisation,
    )


_ROW_END = "</td>\n    </tr>\n    "


@register.simple_tag(takes_context=True)
def overlap_rows(context, overlap, place):
    """The body of one overlap's table: its open-to-all services, then the complementary ones."""
    cache = context.render_context.get(_CACHE)
    if cache is None:
        cache = context.render_context[_CACHE] = {
            "url": place_detail_address_maker("places:mapping:service_detail", place),
            "start": {},  # service id -> its row up to the finding
            "open": {},  # how many share the overlap -> the finding
            "complementary": {},  # service id -> its whole row
        }
    starts = cache["start"]

    def start(service):
        found = starts.get(service.pk)
        if found is None:  # kept as a plain str (escaped already): SafeString sums cost more
            found = starts[service.pk] = str(_row_start(cache["url"](service.pk), service))
        return found

    counter = len(overlap.services)
    finding = cache["open"].get(counter)
    if finding is None:
        finding = cache["open"][counter] = str(
            format_html(
                "{}",
                ngettext(
                    "Open to all; one of %(counter)s sharing this theme, area and community",
                    "Open to all; one of %(counter)s sharing this theme, area and community",
                    counter,
                )
                % {"counter": counter},
            )
        )
    rows = [start(service) + finding + _ROW_END for service in overlap.services]
    complementary = cache["complementary"]
    for_complementary = []
    for service in overlap.complementary:
        row = complementary.get(service.pk)
        if row is None:
            finding = format_html(
                '<strong class="govuk-tag govuk-tag--green">{}</strong> {}',
                gettext("Complementary"),
                gettext("Specialist: designed for %(communities)s; not counted as an overlap")
                % {"communities": ", ".join(service.communities)},
            )
            row = complementary[service.pk] = start(service) + finding + _ROW_END
        for_complementary.append(row)
    # Every row was built by format_html (names, organisations and findings escaped) from the
    # template's own markup, and joined as plain strings for speed. The whitespace is what the
    # template's two loops produced around the rows.
    body = "\n    " + "".join(rows) + "\n    " + "".join(for_complementary) + "\n  "
    return mark_safe(body)  # noqa: S308  # nosec B308 B703
