"""The licences a partnership may publish its open data under, as the Frictionless licence spec describes them.

The keys are Open Definition identifiers, the choices of core.Partnership.open_data_licence."""

LICENCES = {
    "OGL-UK-3.0": {"name": "OGL-UK-3.0", "title": "Open Government Licence v3.0",
                   "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"},
    "CC-BY-4.0": {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0",
                  "path": "https://creativecommons.org/licenses/by/4.0/"},
    "CC0-1.0": {"name": "CC0-1.0", "title": "Creative Commons CC0 1.0 (public domain)",
                "path": "https://creativecommons.org/publicdomain/zero/1.0/"},
}
DEFAULT = "OGL-UK-3.0"


def licence_of(partnership):
    """The partnership's licence as a Frictionless `licenses` entry (the default for an unknown identifier)."""
    return dict(LICENCES.get(partnership.open_data_licence, LICENCES[DEFAULT]))
