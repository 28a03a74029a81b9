"""Seed 003 (Coventry LAA 2007/08), Annex 3 "Pooled LAA Funding": every stream and amount as published.

Each entry: (part, block code, heading, name, previously pooled, capital, revenue, note, source line).
None is an empty cell; "NYQ" (not yet quantified) is kept as the amount's note."""

YEAR = "2007/08"

A, O, AL = "automatic", "other", "aligned"

STREAMS = [
    (A, "CYP", "", "Positive Activities for Young People", False, None, 369441, "", 974),
    (A, "CYP", "", "School Improvement Partners", False, None, 88459, "", 975),
    (A, "CYP", "", "Children's Services Grant", False, None, 1338912, "", 976),
    (A, "CYP", "", "Secondary Central Coordination", True, None, 199562, "", 977),
    (A, "CYP", "", "Secondary Behaviour and Attendance", True, None, 68300, "", 978),
    (A, "CYP", "", "School Travel Advisors", False, None, 35000, "", 979),
    (A, "CYP", "", "Children's Fund", True, None, 947592, "", 980),
    (A, "CYP", "", "Primary Strategy Central Coordination", True, None, 151955, "", 981),
    (A, "CYP", "", "Neighbourhood Support Fund", False, None, 226602, "", 982),
    (A, "CYP", "", "School Development Grant – centrally retained", False, None, 1725869, "", 983),
    (A, "CYP", "", "Neighbourhood Renewal Fund", True, None, 1519634, "", 984),
    (A, "SSC", "", "Neighbourhood Element", True, None, 581000, "", 987),
    (A, "SSC", "", "Building Safer Communities", True, 134760, 364350, "", 988),
    (A, "SSC", "", "Anti-Social Behaviour Coordinator", True, None, 25000, "", 989),
    (A, "SSC", "", "Waste Performance and Efficiency", False, None, 652834, "", 990),
    (A, "SSC", "", "Neighbourhood Renewal Fund", True, None, 1390818, "", 991),
    (A, "HCOP", "", "Neighbourhood Renewal Fund", True, None, 713551, "", 994),
    (A, "EED", "", "LEGI", True, 475000, 4409000, "", 998),
    (A, "EED", "", "Neighbourhood Renewal Fund", True, None, 1665547, "", 999),
    (O, "CYP", "", "General Sure Start", True, None, 4780000, "", 1004),
    (O, "CYP", "", "Sure Start Local Programmes", True, None, 2475000, "", 1005),
    (O, "CYP", "", "Connexions", False, None, 3342925, "", 1006),
    (O, "CYP", "", "Extended Schools", False, None, 448569, "", 1007),
    (O, "CYP", "", "Teenage Pregnancy", False, None, 274000, "", 1008),
    (O, "SSC", "", "Drugs Partnership Support Grant", True, None, 72000, "", 1011),
    (AL, "CYP", "", "CAMHS", False, None, 634000, "", 1021),
    (AL, "CYP", "", "Youth Justice Grants (YJB, CPS, SRB)", False, None, 1799000, "", 1022),
    (AL, "CYP", "", "Standards Fund (non-devolved)", False, None, None, "NYQ", 1023),
    (AL, "CYP", "Capital Funding", "Modernisation", False, 4065000, None, "", 1025),
    (AL, "CYP", "Capital Funding", "New Pupil Places", False, 918000, None, "", 1026),
    (AL, "CYP", "Capital Funding", "Access Initiative", False, 499000, None, "", 1027),
    (AL, "CYP", "Capital Funding", "Sure Start", False, 0, None, "", 1028),
    (AL, "CYP", "Capital Funding", "Children's Centre", False, 1700000, None, "", 1029),
    (AL, "CYP", "Capital Funding", "PE and Sports", False, 0, None, "", 1030),
    (AL, "CYP", "Capital Funding", "Devolved Capital", False, 4641000, None, "", 1031),
    (AL, "CYP", "Capital Funding", "Targeted Capital", False, 1976000, None, "", 1032),
    (AL, "SSC", "", "Police Authority – Basic Command Unit", False, None, 426000, "", 1035),
    (AL, "HCOP", "", "Access and Systems Capacity Grant", False, None, 3343000, "", 1038),
    (AL, "HCOP", "", "Mental Health Grant", False, None, 824000, "", 1039),
    (AL, "HCOP", "", "Carers Grant", False, None, 1189000, "", 1040),
    (AL, "HCOP", "", "Preserved Rights Grants", False, None, 1320000, "", 1041),
    (AL, "HCOP", "", "Residential Allowance Grant", False, None, 0, "", 1042),
    (AL, "HCOP", "", "Delayed Discharges Grant", False, None, 614000, "", 1043),
    (AL, "HCOP", "", "Supporting People (commissioned from all providers)", False, None, 3191000, "", 1044),
    (AL, "HCOP", "", "Human Resource Development Strategy", False, None, 304000, "", 1045),
    # The page break lost these two names; only "N" and the revenue survive (lines 1046-1047).
    (AL, "HCOP", "", "Aligned HCOP stream (name illegible in the source, line 1046)", False, None, 656000, "", 1046),
    (AL, "HCOP", "", "Aligned HCOP stream (name illegible in the source, line 1047)", False, None, 308000, "", 1047),
]

# Outcomes each stream plainly serves (by outcome code in the Coventry demo framework).
OUTCOMES = {
    "Positive Activities for Young People": ["CYP.6"],
    "Children's Fund": ["CYP.1"],
    "Secondary Behaviour and Attendance": ["CYP.12", "CYP.13"],
    "Teenage Pregnancy": ["CYP.2"],
    "Building Safer Communities": ["SSC.1.1"],
    "Anti-Social Behaviour Coordinator": ["SSC.1.3"],
    "Waste Performance and Efficiency": ["SSC.3.5"],
    "Drugs Partnership Support Grant": ["SSC.1.4"],
    "LEGI": ["EED.1.3"],
    "Mental Health Grant": ["HCOP.1.1"],
}

# The published figures (sub totals, lines 985-1014 and 1033-1050), which the tests check the report against.
PUBLISHED = {
    ("automatic", "CYP"): (0, 6671326), ("automatic", "SSC"): (134760, 3014002),
    ("automatic", "HCOP"): (0, 713551), ("automatic", "EED"): (475000, 6074547),
    ("automatic", None): (609760, 16473426),
    ("other", "CYP"): (0, 11320494), ("other", "SSC"): (0, 72000), ("other", None): (0, 11392494),
    ("aligned", "CYP"): (13799000, 2433000), ("aligned", "SSC"): (0, 426000),
    ("aligned", "HCOP"): (0, 11749000), ("aligned", None): (13799000, 14608000),
}
# Paragraph 1.6 (line 103): "approximately £28,407,000 aligned funding and £28,475,680 pooled funding".
PUBLISHED_POOLED = 28475680
PUBLISHED_ALIGNED = 28407000
