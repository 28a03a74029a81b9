"""The demo partnerships' frameworks, taken from the seed papers in shared/seeds.

Plain data (no Django), loaded idempotently by placeboard.core.demo. Every item
says where it comes from in a comment beside it ("seed 001 line 172" = line 172 of
001_*.txt; "para" = the paper's own paragraph number), never in the text people see
(tests/core/test_wording.py checks).
Names the papers only count, not list, are marked "public knowledge, not in seeds". Cross-references use the exact "name" of an item in
the same partnership (themes: code); tests/core/test_demo.py checks that they resolve.
"""


def _outcome(code, title, lead=None, group=None, description="", contributes_to=None):
    """An outcome. contributes_to: codes of other themes it also serves (Outcome.contributes_to)."""
    item = {"code": code, "title": title, "lead_organisation": lead, "group": group, "description": description}
    if contributes_to:
        item["contributes_to"] = contributes_to
    return item


def _group(name, kind, parent, description="", area=None, members=()):
    """A group; members are (organisation, role) or (organisation, role, person's name)."""
    item = {"name": name, "kind": kind, "parent": parent, "description": description}
    if area:
        item["area"] = area
    if members:
        item["members"] = [dict(zip(("organisation", "role", "name"), member)) for member in members]
    return item


def _population_groups(pairs):
    """Population groups from (name, description) pairs."""
    return [{"name": name, "description": description} for name, description in pairs]


def _theme(code, name, description="", group=None, outcomes=(), children=()):
    """A theme (ambition, block, sub-theme) with its outcomes and child themes."""
    return {"code": code, "name": name, "description": description, "group": group,
            "outcomes": list(outcomes), "children": list(children)}


# ---------------------------------------------------------------------------
# 1. Wiltshire (seeds 000 and 001)
# ---------------------------------------------------------------------------

# Seed 000 line 17: "The 18 Area Boards are each supported by a dedicated Community Area Manager".
# Seed 001 (early 2008, before the unitary council) speaks of "the 20 community areas" (lines 142,
# 373, 375). The two papers disagree; the demo follows the 18 area boards of 2009. Their names are
# public knowledge, not in seeds.
WILTSHIRE_COMMUNITY_AREAS = [
    "Amesbury", "Bradford on Avon", "Calne", "Chippenham", "Corsham", "Devizes", "Malmesbury",
    "Marlborough", "Melksham", "Pewsey", "Salisbury", "South West Wiltshire", "Southern Wiltshire",
    "Tidworth", "Trowbridge", "Warminster", "Westbury", "Wootton Bassett and Cricklade",
]

# Seed 001 lines 227 and 244 (ambitions 3.2 and 3.3, "Places"): the most deprived lower super output
# areas, in the paper's order (its en dashes printed as hyphens). The community area each lies in is
# public knowledge, not in seeds (the town is in every name; John of Gaunt is a Trowbridge ward).
WILTSHIRE_PRIORITY_LSOAS = [
    ("John of Gaunt - Studley Green", "Trowbridge"), ("Trowbridge Adcroft - Seymour", "Trowbridge"),
    ("Salisbury St Martin - central", "Salisbury"), ("Salisbury Bemerton - west", "Salisbury"),
    ("Trowbridge Drynham - Lower Studley", "Trowbridge"), ("Salisbury Bemerton - south", "Salisbury"),
    ("Westbury Ham - west", "Westbury"), ("Melksham North - north east", "Melksham"),
    ("Melksham North - south west", "Melksham"), ("Calne Abberd - south", "Calne"),
    ("Wootton Bassett North - central", "Wootton Bassett and Cricklade"), ("Chippenham Queens - east", "Chippenham"),
    ("Devizes North - east", "Devizes"), ("Trowbridge Drynham - central", "Trowbridge"),
]

# Seed 001 line 268, ambition 4 action 2 places: "Tidworth, Luggershall [sic], Durrington, Bulford,
# Wilton, Warminster and Lyneham". Tidworth and Warminster are community areas; the other settlements'
# community areas are public knowledge, not in seeds.
WILTSHIRE_MILITARY_SETTLEMENTS = [
    ("Ludgershall", "Tidworth"), ("Durrington", "Amesbury"), ("Bulford", "Amesbury"),
    ("Wilton", "South West Wiltshire"), ("Lyneham", "Wootton Bassett and Cricklade"),
]

W_HWP, W_WSP = "Health & Wellbeing Partnership", "Wiltshire Strategic Partnership"
# Seed 002 lines 317-327: "the six strands model" of equality.
SIX_STRANDS = ("Age", "Faith/Religion", "Race", "Disability", "Gender", "Sexual orientation")
W_CYP = "Children & Young People's Trust Board"

# The seven ambitions: short names from the cross-cutting matrix header (seed 001 line 109), descriptions
# from the draft ambitions (lines 15-27), outcomes from the actions listed under each (lines 140-380) in
# the paper's numbering. Theme owners are inferred from the coordinating partnerships seed 001 lists
# (lines 122-134). Seed 001 names no lead organisation for its actions; the leads given are seed 000's.
WILTSHIRE_THEMES = [
    _theme("1", "Resilient communities", group="Stronger LAA block", description=(  # seed 001 line 15
        "Build 'resilient communities' with high social capital through people feeling socially included, enabling "
        "people and communities to build skills, abilities, knowledge and confidence to take effective action and "
        "play leading roles in the development of their communities and so enhancing their quality of life."),
           outcomes=[
        # The headings of seed 000's progress report under "Building resilient communities" (lines 3-78); seed
        # 001's ambition 1 actions 1-4 (lines 148-162) are their first drafts.
        # Seed 000 line 7; seed 001 ambition 1 action 1.
        _outcome("1a", "Help local communities develop their own priorities and improvements", "Wiltshire Council",
                 description="Community area partnerships and community plans, with the Wiltshire Forum of Community "
                             "Area Partnerships (WfCAP)."),
        # Seed 000 lines 9-41; seed 001 ambition 1 action 2.
        _outcome("1b", "Improve the way Wiltshire organisations work together to plan and deliver services in local "
                       "communities", "Wiltshire Council", description="Through the area boards."),
        # Seed 000 lines 43-61; seed 001 ambition 1 action 3.
        _outcome("1c", "Build a strong and vibrant voluntary sector", "Wiltshire Council",
                 description="With the Wiltshire Infrastructure Consortium."),
        # Seed 000 lines 63-72; seed 001 line 151.
        _outcome("1d", "Create stronger and more inclusive communities", "Wiltshire Council",
                 description="Measured by NI 1, 35, 36 and 140."),
        # Seed 000 lines 74-78; seed 001 ambition 1 action 4.
        _outcome("1e", "Help young people to succeed at school and take part in positive activities",
                 "Wiltshire Council", W_CYP, description="Through the Children and Young People's Plan."),
    ]),
    _theme("2", "Affordable housing", group="Housing Partnership (developing)", description=(
        "Improve affordable housing."), outcomes=[  # seed 001 line 16; actions, lines 172-174
        _outcome("2.1", "More new affordable homes",
                 description="In particular at Trowbridge, Chippenham and Salisbury."),
        _outcome("2.2", "Helping homeless people"),
        _outcome("2.3", "Greener and accessible affordable homes"),
    ]),
    # Seed 001 lines 17-20.
    _theme("3", "Lives not services", description="Independent and fulfilling lives, strong foundations for "
           "children and young people, and informed choices for long term health.", children=[
        _theme("3.1", "Support more people in Wiltshire to have independent and fulfilling lives as part of their "
                      "local community", group=W_HWP,
               description="Particular focus on older people and disabled people.",  # seed 001 line 209
               outcomes=[  # lines 213-221
            _outcome("3.1.1", "Improve the 'whole system' across NHS and social care", description="'[see ambition 2]'",
                     contributes_to=["2"]),
            _outcome("3.1.2", "Improve access to assessments and services for carers of adults, young people "
                              "and children"),
            _outcome("3.1.3", "Support more people and families through direct payments and individual budgets to "
                              "manage their own care"),
            _outcome("3.1.4", "Support more disabled people into the world of employment",
                     description="'[See ambition 4 action 3]'", contributes_to=["4"]),
            _outcome("3.1.5", "Improve information about services and access to services for people with dementia"),
            _outcome("3.1.6", "Improve access to primary care services for people with learning disabilities"),
            _outcome("3.1.7", "Develop models for improving local community support and engagement for older people "
                              "and people with disabilities"),
            _outcome("3.1.8", "Improve services for disabled children and young people"),
        ]),
        _theme("3.2", "Support families to provide the strong foundations for children and young people's development",
               # Seed 001 line 227.
               group=W_CYP, description="Places: the priority lower super output areas.", outcomes=[
            # Lines 233-238. Actions 1-3 are repeated as actions 1, 2 and 5 of ambition 3.3 (lines 252-256).
            _outcome("3.2.1", "Implement a Brief Intervention training package", contributes_to=["3.3"]),
            _outcome("3.2.2", "Development of Health Trainers programme in deprived communities in Wiltshire",
                     contributes_to=["3.3"]),
            _outcome("3.2.3", "Development of community initiatives to encourage people to make healthier choices",
                     contributes_to=["3.3"]),
            _outcome("3.2.4", "Improve children and young people's services that promote the acquisition "
                              "of 'resilience'"),
            _outcome("3.2.5", "Support children and young people to make informed choices to reduce the instances of "
                              "obesity, teenage pregnancy and substance misuse"),
            _outcome("3.2.6", "Provide preventive support and help children & young people with emotional & "
                              "behavioural and other mental health problems"),
        ]),
        _theme("3.3", "Enable individuals to make informed choices to improve their long term health and well being "
                      "and reduce 'All Age All Cause Mortality'", group=W_HWP, description="Focus on the most deprived "
               "areas. Actions 1, 2 and 5 are 3.2.1-3.2.3.", outcomes=[  # seed 001 line 244; actions, lines 254-260
            _outcome("3.3.3", "Develop programme of referral schemes in Wiltshire"),
            _outcome("3.3.4", "Implementation of screening programmes in Wiltshire"),
            _outcome("3.3.6", "Reduce road traffic accidents in Wiltshire"),
            _outcome("3.3.7", "Implement a scheme of preventative work, including early intervention, across Wiltshire "
                              "(children and adults) to influence the main causes of ill health and early death"),
            _outcome("3.3.8", "Work with particular communities in Wiltshire, in our most deprived areas, to "
                              "understand their health needs"),
            _outcome("3.3.9", "Develop systems for advice and support for all people in Wiltshire on options for "
                              "meeting future care needs"),
        ]),
    ]),
    _theme("4", "Economic growth", group="Wiltshire Strategic Economic Partnership", description=(
        "Wiltshire exhibiting a positive and sustainable environment for economic growth."),
           outcomes=[  # seed 001 line 21; actions, lines 276-282
        _outcome("4.1", "Improve business productivity through innovation"),
        _outcome("4.2", "Realise the economic potential of the military presence in Wiltshire",
                 description="Places: Tidworth, Ludgershall, Durrington, Bulford, Wilton, Warminster and "
                             "Lyneham."),  # seed 001 line 268
        _outcome("4.3", "Tackle pockets of worklessness", description="'[See ambition 3.1 action 4]'",
                 contributes_to=["3.1"]),
        _outcome("4.4", "Broadening the employment base of Wiltshire"),
        _outcome("4.5", "Work with the private sector to provide adequate workspace and employment land provision to "
                        "meet market needs"),
        _outcome("4.6", "Improving journey time reliability on strategic transport routes in Wiltshire"),
        _outcome("4.7", "Understand how key settlements can evolve/regenerate as thriving and vibrant economic poles"),
    ]),
    _theme("5", "Safer communities", group="Safer Wiltshire Executive", description=(
        "Reduce particular crimes, change behaviours and inform the public to bring about communities that are safe "
        "and feel safe."), outcomes=[  # seed 001 line 22; the action headings, lines 292-320
        _outcome("5.1", "Domestic violence"),
        _outcome("5.2", "Road accidents and domestic accidents",
                 description="Reduce road traffic collisions and fires."),
        _outcome("5.3", "Drug and alcohol problems"),
        _outcome("5.4", "Re-offenders and ex-offenders"),
        _outcome("5.5", "Streetscene"),
        _outcome("5.6", "Provide consistent and regular information and public reassurance"),
    ]),
    _theme("6", "Environment", description="Tackle climate change; a high quality, natural environment.",
           children=[  # seed 001 lines 23-25
        _theme("6.1", "Tackle climate change", outcomes=[  # lines 332-338; the two owners are inferred
            _outcome("6.1.1", "Increase uptake of energy efficiency and renewable energy measures by households, "
                              "businesses and institutions", group="Wiltshire and Swindon Renewable Energy Forum"),
            _outcome("6.1.2", "Reduced carbon emissions from public sector business"),
            _outcome("6.1.3", "Increased use of sustainable energy measures in new developments"),
            _outcome("6.1.4", "Reduced carbon emissions from transport through promoting and providing sustainable "
                              "transport options"),
            _outcome("6.1.5", "Increased awareness of climate change adaptation leading to action being taken by "
                              "individuals, communities and businesses"),
            _outcome("6.1.6", "Creation of landscapes that enable wildlife to adapt"),
            _outcome("6.1.7", "The reduction, re-use and recycling of household waste through increased participation "
                              "by the community, including the hard to reach", group="Wiltshire Waste Partnership"),
        ]),
        _theme("6.2", "A high quality, natural environment that enriches the lives of people",
               group="Wiltshire Biodiversity Partnership", outcomes=[  # lines 348-350
            _outcome("6.2.1", "Targeted conservation and enhancement of Wiltshire's biodiversity"),
            _outcome("6.2.2", "Ensure high quality biodiversity information is readily available to decision makers"),
            _outcome("6.2.3", "Ensure that new developments are designed to provide for greater community cohesion, "
                              "promote physical and mental health, reduce crime and enhance wildlife"),
        ]),
    ]),
    _theme("7", "Working together", group=W_WSP, description=(
        "Work together to achieve the ambitions, including new governance arrangements for the 'family of "
        "partnerships' and the establishment of community area boards."), outcomes=[  # seed 001 line 27
        _outcome("7.1", "Implement the new arrangements for the 'family of partnerships'", group=W_WSP),  # line 358
        _outcome("7.2", "Establish community area boards to support local decision-making, public involvement, and "
                        "strong local leadership by Councillors", "Wiltshire Council"),  # line 380; seed 000
    ]),
]

WILTSHIRE = {
    "slug": "wiltshire",
    "name": "Wiltshire Strategic Partnership",  # seed 001 line 377: "(the Local Strategic Partnership)"
    "place": "Wiltshire",
    "theme_label": "Ambition",  # seed 001 line 62: "Ambition - describes what we want to achieve for Wiltshire"
    "description": (
        "Wiltshire's 'family of partnerships' working to the ambitions of the sustainable Community Strategy through "
        "the Local Agreement for Wiltshire and its Local Area Agreement, delivered locally through multi-agency area "
        "boards and community area partnerships."  # seed 001 and seed 000
    ),
    "organisations": [
        # Seed 000 line 21 ("Wiltshire Council"); seed 001 line 104 is by its predecessor, Wiltshire County Council.
        {"name": "Wiltshire Council", "short_name": "WC", "sector": "public"},
        # Seed 000 line 15 "NHS", line 47 "Primary Care Trust"; seed 001 line 126. "NHS Wiltshire" was the
        # PCT's name in 2009: public knowledge, not in seeds.
        {"name": "NHS Wiltshire", "short_name": "PCT", "sector": "public"},
        {"name": "Wiltshire Police", "short_name": "Police", "sector": "public"},  # seed 001 line 300; seed 000 line 15
        # Seed 001 lines 286 and 300-301 speak of fires but name no service: public knowledge, not in seeds.
        {"name": "Wiltshire Fire and Rescue Service", "short_name": "WFRS", "sector": "public"},
        # Seed 000 line 7.
        {"name": "Wiltshire Forum of Community Area Partnerships", "short_name": "WfCAP", "sector": "community"},
        {"name": "Wiltshire Infrastructure Consortium", "short_name": "WIC", "sector": "voluntary"},  # seed 000 l. 55
        {"name": "Citizens Advice Bureau", "short_name": "CAB", "sector": "voluntary"},  # seed 000 line 45 (merger)
        # Seed 001 line 133 "Wiltshire Wildlife"; the Trust's full name is public knowledge, not in seeds.
        {"name": "Wiltshire Wildlife Trust", "short_name": "WWT", "sector": "voluntary"},
        {"name": "Government Office South West", "short_name": "GOSW", "sector": "public"},  # seed 001 lines 54, 95
    ],
    "groups": [
        # Seed 001 lines 373-379, ambition 7: "a summary of current thinking" on the 'family of partnerships'.
        _group("Wiltshire Assembly", "board", None, "Wide membership from Wiltshire's community areas and the public, "
               "business and third sectors, including user and faith representation; deliberation and direction: sets "
               "the ambitions for the sustainable Community Strategy."),  # seed 001 line 373
        _group(W_WSP, "board", "Wiltshire Assembly", "The Local Strategic Partnership: coordination, challenge and "
               "evaluation; successor to the Wiltshire Strategic Board (WiSB)."),  # seed 001 line 377
        _group("WiSBEx", "sub_group", W_WSP, "Among those who coordinated the ambitions."),  # seed 001 line 134
        _group("Public Sector Board", "board", W_WSP, "Or 'Accountable Bodies Group': leads from key public sector "
               "bodies; public sector strategy and performance."),  # seed 001 line 378
        # Delivery ('thematic') partnerships: seed 001 line 379 and the coordinators listed at lines 122-134.
        _group(W_CYP, "theme_group", W_WSP, "Delivery partnership."),  # seed 001 lines 122, 379
        _group(W_HWP, "theme_group", W_WSP, "Delivery partnership."),  # seed 001 line 125
        # Seed 001 lines 127, 379; the Safer Wiltshire Partnership, line 322.
        _group("Safer Wiltshire Executive", "theme_group", W_WSP, "Delivery partnership; speaks for the Safer "
               "Wiltshire Partnership."),
        # Seed 001 line 131; 'Economic Partnership', line 379.
        _group("Wiltshire Strategic Economic Partnership", "theme_group", W_WSP, "Delivery partnership, also called "
               "the Economic Partnership."),
        _group("Stronger LAA block", "theme_group", W_WSP, "'Stronger LAA block, with information from the Social "
               "Inclusion Partnership, community areas, and the developing culture partnership'."),  # seed 001 l. 128
        # Seed 001 line 124; 'new arrangements ... for Housing', line 379.
        _group("Housing Partnership (developing)", "theme_group", W_WSP, "'District Council Housing Officers and the "
               "developing partnership'."),
        _group("Social Inclusion Partnership", "sub_group", "Stronger LAA block"),  # seed 001 line 128
        _group("Culture Partnership (developing)", "sub_group", "Stronger LAA block"),  # seed 001 lines 128, 379
        _group("Wiltshire Waste Partnership", "partnership", W_WSP),  # seed 001 line 132
        _group("Wiltshire Biodiversity Partnership", "partnership", W_WSP),  # seed 001 line 130
        _group("Wiltshire and Swindon Renewable Energy Forum", "partnership", W_WSP),  # seed 001 line 129
        _group("Local Criminal Justice Board", "partnership", None, "LCJB."),  # seed 001 line 320
    ] + [
        # Seed 000 lines 13-17: one area board per community area; NHS Community Engagement Officers and Police
        # Inspectors are permanent members; each has a dedicated Community Area Manager. Seed 001 line 380:
        # "strong local leadership by Councillors". Placing them under the Assembly is ours (seed 001 line 375
        # links the community areas' 'state of the area' debates to the Assembly).
        _group(f"{area} Area Board", "area_board", "Wiltshire Assembly", f"The multi-agency area board for the {area} "
               "community area.", area=area, members=[  # seed 000 lines 13-17
               ("Wiltshire Council", "community_area_manager"),  # seed 000 line 17
               ("Wiltshire Council", "member"),  # councillors, seed 001 line 380
               ("NHS Wiltshire", "member"), ("Wiltshire Police", "member"),  # seed 000 line 15
               ])
        for area in WILTSHIRE_COMMUNITY_AREAS
    ],
    "areas": (
        [{"name": "Wiltshire", "gss_code": "E06000054", "area_type": "unitary_authority", "parent": None}]
        + [{"name": a, "gss_code": "", "area_type": "community_area", "parent": "Wiltshire"}
           for a in WILTSHIRE_COMMUNITY_AREAS]
        + [{"name": lsoa, "gss_code": "", "area_type": "lsoa", "parent": ca} for lsoa, ca in WILTSHIRE_PRIORITY_LSOAS]
        + [{"name": s, "gss_code": "", "area_type": "other", "parent": ca} for s, ca in WILTSHIRE_MILITARY_SETTLEMENTS]
    ),
    "area_sets": [
        {"name": "Priority neighbourhoods",
         # Seed 001 lines 227, 244.
         "description": "The most deprived areas in Wiltshire: the lower super output areas named as the places "
                        "for ambitions 3.2 and 3.3.",
         "areas": [lsoa for lsoa, _ in WILTSHIRE_PRIORITY_LSOAS]},
        {"name": "Strategically significant centres",
         # Seed 001 line 172.
         "description": "Affordable housing action 1: 'in particular at Trowbridge, Chippenham and Salisbury'.",
         "areas": ["Trowbridge", "Chippenham", "Salisbury"]},
        {"name": "Military communities",
         "description": "Economic growth action 2: the military presence in Wiltshire.",  # seed 001 line 268
         "areas": ["Tidworth", "Ludgershall", "Durrington", "Bulford", "Wilton", "Warminster", "Lyneham"]},
    ],
    "population_groups": _population_groups([
        # Seed 001 line 66 ("People" in the shared terms) and line 168 (client groups named at the workshop).
        ("Older people", "'The Elderly' at the partners' workshop."),  # seed 001 lines 66, 209, 246; 168
        ("Disabled people", ""), ("Families", ""),  # seed 001 lines 66, 209; lines 66, 229
        ("People on low income", ""),  # seed 001 line 66
        # Seed 001 line 66 ('from minorities'); carers from BME communities, line 214.
        ("BME communities", "People from minority ethnic communities, and carers from them."),
        ("Socially excluded and 'hard to reach' people", ""),  # seed 001 lines 66, 142
        ("Young people", "'The Young' at the partners' workshop."),  # seed 001 line 168; lines 229, 246
        ("Gypsies and Travellers", ""), ("Ex-offenders", ""),  # seed 001 line 168; lines 168, 272
        ("Migrants", ""), ("Carers", "Ambition 3.1 action 2."),  # seed 001 line 168; line 214
        ("People with dementia", ""), ("People with learning disabilities", ""),  # seed 001 lines 217, 218
        ("Disabled children and young people", ""),  # seed 001 line 221
        ("Vulnerable people", ""),  # seed 001 lines 229, 246
        ("Military personnel and their dependents", ""),  # seed 001 line 272
        ("Lone parents", ""), ("Workers over 50", ""),  # seed 001 lines 272, 278; line 272
        ("Young people not in education, employment or training (NEET)", ""),  # seed 001 lines 272, 278
        ("Prolific offenders", ""),  # seed 001 line 286
    ] + [
        # Seed 001 line 151: "promote the six equalities". The strands as seed 002 (lines 317-327) names them.
        (f"{strand} (equality strand)", "One of the six equalities the partners promote.") for strand in SIX_STRANDS
    ]),
    "themes": WILTSHIRE_THEMES,
}

# ---------------------------------------------------------------------------
# 2. Coventry (seed 003: Cabinet report of March 2007 and the refreshed LAA 2007/08)
# ---------------------------------------------------------------------------

# Seed 003 para 3.4 (line 35): "an Operations Group and eight Theme Groups".
COVENTRY_THEME_GROUPS = [
    "Jobs & Economy", "Health & well-being", "Transport", "Learning & Training", "Equalities & Communities",
    "Environment", "Culture", "Community Safety",
]
# Para 3.4: "Community of Interest Partnerships". LAA para 4.2 (line 251) lists them again with the Cultural
# Partnership, as "Learning Disabilities Partnership" and "Children and Young People's Partnership".
COVENTRY_INTEREST_PARTNERSHIPS = [
    "Older People's Partnership", "Children & Young People's Partnership", "Mental Health Partnership",
    "Physical & Sensory Impairment Partnership", "Learning Disability Partnership",
]
# The city's 18 electoral wards (seed 003 para 6.20 counts them). Names: public knowledge, not in seeds,
# except Foleshill (spreadsheet EED rows 4-6, lines 663-664).
COVENTRY_WARDS = [
    "Bablake", "Binley and Willenhall", "Cheylesmore", "Earlsdon", "Foleshill", "Henley", "Holbrook", "Longford",
    "Lower Stoke", "Radford", "Sherbourne", "St Michael's", "Upper Stoke", "Wainbody", "Westwood", "Whoberley",
    "Woodlands", "Wyken",
]

C_CCC, C_PCT, C_CEN, C_CVSC = ("Coventry City Council", "Coventry Teaching Primary Care Trust",
                               "Coventry Community Empowerment Network", "Coventry Voluntary Service Council")
C_CYPP, C_OPP = "Children & Young People's Partnership", "Older People's Partnership"
C_CS, C_ENV, C_BOARD = "Community Safety Theme Group", "Environment Theme Group", "Coventry Partnership Board"
C_EQ, C_LT = "Equalities & Communities Theme Group", "Learning & Training Theme Group"
C_FIRE, C_NDC = "West Midlands Fire Service", "New Deal for Communities area"

# The four blocks (para 4.2; codes as Annex 3 abbreviates them). Outcomes are the performance spreadsheet's
# outcome cells ("LAA Simple View", lines 568-965, OCR errors corrected; "row" = its row number); child themes
# are its sections, each headed by the theme group or partnership that owns it.
C_HW, C_JE = "Health & well-being Theme Group", "Jobs & Economy Theme Group"
COVENTRY_THEMES = [
    # Spreadsheet lines 574-652; LAA paras 5.1-5.23.
    _theme("CYP", "Children and Young People", group=C_CYPP, description=(
        "Children & Young People's Strategic Partnership outcomes; the Children and Young People's Plan."), outcomes=[
        _outcome("CYP.1", "By 2010 the quality of life of children and young people will have improved. This "
                          "improvement will be more rapid for those living in priority neighbourhoods and "
                          "disadvantaged communities",
                 C_CCC, C_CYPP),  # line 593, the section heading
        _outcome("CYP.2", "Be healthy", group=C_CYPP),  # rows 30, 48; "Being Healthy" (LAA para 5.12)
        _outcome("CYP.3", "Achieve economic well being", group=C_CYPP),  # row 28
        _outcome("CYP.4", "Children and young people's achievements and aspirations have been fulfilled to the benefit "
                          "of themselves, their communities and their neighbourhoods"),  # row 1
        _outcome("CYP.5", "Children and young people with disabilities are able to maximise their potential for "
                          "healthy, happy and successful lives"),  # rows 1-2
        _outcome("CYP.6", "Children and young people feel part of their local neighbourhood and community and "
                          "behave in a way which enables them to fulfil their potential and that of their "
                          "neighbourhood and city"),
        _outcome("CYP.7",
                 "Children in early years have the foundation for happy, healthy and successful lives"),  # row 2
        _outcome("CYP.8", "Looked after children and young people are able to maximise their potential for healthy, "
                          "happy and successful lives"),  # row 3
        _outcome("CYP.9", "Raise standards in English, maths, ICT and science in secondary education so that by 2008, "
                          "in all schools at least 50% of pupils achieve level 5 or above in each of English, maths "
                          "and science", C_CCC, description="NRU Key Outcome."),  # row 4
        _outcome("CYP.10", "Increase the proportion of pupils achieving level 5 or more at the end of key stage 3",
                 C_CCC),  # row 6
        _outcome("CYP.11", "Educational achievement of looked after children compared with their peers",
                 C_CCC),  # row 13
        _outcome("CYP.12", "Improvement in pupil attendance rates", C_CCC),  # row 19
        _outcome("CYP.13", "Reduce exclusions so that there are less than 15 permanent exclusions across all phases",
                 C_CCC),  # row 23
        _outcome("CYP.14", "Reduce the use of class A drugs and frequent use of any illicit drugs among all young "
                           "people under the age of 25, especially by the most vulnerable young people, and reduce the "
                           "harm caused by illegal drugs", C_PCT),  # row 32
        _outcome("CYP.15", "LPSA Priority Area 5 - Children and Young People. Target 11: Improving Outcomes for Boys "
                           "and Looked After Children",
                 C_CCC),  # rows 12, 16, 44-46, which spell it 'Pririty'
    ]),
    _theme("SSC", "Safer and Stronger Communities", group="Community Safety Partnership Executive Group", description=(
        "Overseen by the Community Safety Partnership's Executive Group, including the Your Neighbourhood Matters "
        "Programme (Neighbourhood Element)."), children=[  # LAA paras 4.4, 6.1-6.44
        # Lines 808-878; the heading is partly illegible in the seed.
        _theme("SSC.1", "Community Safety Partnership outcomes", group=C_CS, description=(
            "By 2010 there will be less crime and anti-social behaviour ... felt fastest in our priority "
            "neighbourhoods."), outcomes=[
            _outcome("SSC.1.1", "To reduce crime, the harm caused by illegal drugs and to reassure the public, "
                                "reducing the fear of crime and anti-social behaviour", group=C_CS),  # row 1
            _outcome("SSC.1.2", "Reduce crime by 15%, and further in high crime areas, by 2007-08",
                     "West Midlands Police", C_CS, description="NRU Key Outcome."),  # row 1
            _outcome("SSC.1.3", "To build respect in communities and to reduce anti-social behaviour",
                     group=C_CS),  # row 22
            _outcome("SSC.1.4", "To reduce crime and the harm caused by illegal drugs", group=C_CS),  # row 35
            _outcome("SSC.1.5", "Reassure the public, reducing the fear of crime", group=C_CS),  # row 42
            _outcome("SSC.1.6", "To increase domestic fire safety and reduce arson", C_FIRE, C_CS),  # row 45
            _outcome("SSC.1.7", "LPSA Priority Area 4 - Community Safety. Target 8: Violent crime and criminal damage",
                     "West Midlands Police", C_CS),  # row 17
            _outcome("SSC.1.8", "LPSA Priority Area 4 - Community Safety. Target 9: Reducing dwelling fires and "
                                "incidents of arson", C_FIRE, C_CS),  # row 44
            _outcome("SSC.1.9", "LPSA Priority Area 4 - Community Safety. Target 10: Improve the confidence of "
                                "Domestic Violence and Abuse (DVA) victims in the Criminal Justice System",
                     group=C_CS),  # row 19
        ]),
        _theme("SSC.2", "Cultural Partnership outcome", group="Culture Theme Group", outcomes=[
            _outcome("SSC.2.1", "By 2010 more people will be participating in cultural opportunities and that "
                                "participation will have increased more quickly in priority neighbourhoods and "
                                "communities",
                     group="Culture Theme Group"),  # reconstructed from an OCR-damaged heading, line 887
        ]),
        _theme("SSC.3", "Environment Theme Group outcomes", group=C_ENV, description=(
            "Reducing the use of natural resources; improving neighbourhoods, parks and open spaces; raising "
            "awareness."), outcomes=[  # LAA para 6.2; lines 895-918
            _outcome("SSC.3.1", "By 2010 people will see their neighbourhoods, parks and open spaces as more "
                                "attractive and enjoyable places to be and these improvements will be more rapid in "
                                "our priority neighbourhoods and communities",
                     group=C_ENV),  # line 915, the section heading
            _outcome("SSC.3.2", "Improve the quality of the local environment by reducing the gap in aspects of "
                                "liveability between the worst wards/neighbourhoods and the district as a whole, with "
                                "a particular focus on reducing levels of litter and detritus", C_CCC, C_ENV),
            _outcome("SSC.3.3", "Lead the delivery of cleaner, safer and greener public spaces and improvement of the "
                                "quality of the built environment in deprived areas and across the country, with "
                                "measurable improvement by 2008", C_CCC, C_ENV, description="NRU Key Outcome."),
            _outcome("SSC.3.4", "To have cleaner greener safer communities", C_CCC, C_ENV),  # lines 899, 955
            _outcome("SSC.3.5", "Reduce waste to landfill and increase recycling", C_CCC, C_ENV),
            _outcome("SSC.3.6", "LPSA 2 Priority Area 3 - Environment, Make the City Clean & Green. Target 6: "
                                "Cleanliness of neighbourhoods", C_CCC, C_ENV),  # line 905 ("LSPA")
            _outcome("SSC.3.7", "LPSA 2 Priority Area 3 - Environment, Make the City Clean & Green. Target 7: "
                                "Increased recycling of non-biodegradable waste", C_CCC, C_ENV),  # line 918
        ]),
        _theme("SSC.4", "Equalities and Communities Theme Group outcomes", group=C_EQ, outcomes=[  # lines 926-928
            _outcome("SSC.4.1", "By 2010 Coventry will be a more inclusive and cohesive city", group=C_EQ),
            _outcome("SSC.4.2", "By 2010 there will be more equal opportunities for people from different backgrounds "
                                "in Coventry", group=C_EQ),
        ]),
        _theme("SSC.5", "Housing Theme (Housing Strategy)", description=(
            "Housing in Coventry will be more suited to people's needs."), outcomes=[  # line 934, partly illegible
            _outcome("SSC.5.1", "Ensure that all social housing is made decent by 2010", "Whitefriars Housing Group",
                     description="'...unless a later deadline is [agreed]'."),  # row 1, partly illegible
            _outcome("SSC.5.2", "Increase investment (New Growth Points funding)", C_CCC,
                     description="An average of 900 houses a year."),  # row 9
        ]),
        _theme("SSC.6", "Neighbourhoods Theme", description=(
            "By 2010 people will feel more able to influence decisions."), outcomes=[  # line 942, partly illegible
            _outcome("SSC.6.1", "To increase the capacity of local communities so that people are empowered to "
                                "participate in local decision-making and are able to influence service delivery",
                     C_CEN),  # rows 1-2
            _outcome("SSC.6.2", "Empower local people to have a greater choice and influence over local decision "
                                "making and a greater role in public service delivery", C_CEN),  # row 2
            _outcome("SSC.6.3", "To improve the quality of life of people in the most disadvantaged neighbourhoods and "
                                "ensure service providers are more responsive to neighbourhood needs and improve their "
                                "delivery", C_CCC, description="In the areas receiving SSCF funding."),  # rows 11-13
        ]),
    ]),
    _theme("HCOP", "Healthier Communities and Older People", description=(
        "Three themes: Health Improvement and Reducing Inequalities; Strengthening Disadvantaged Communities; "
        "Multi-agency approaches to chronic disease management and emergency care. Also called 'Healthy "
        "Communities & Older People'."), children=[  # LAA para 7.15; para 4.2 for the other name
        _theme("HCOP.1", "Health and Well-Being (Health of Coventry)", group=C_HW, description=(
            "By 2010 people in Coventry will be healthier ... more quickly in priority neighbourhoods."),
               outcomes=[  # lines 707-750, partly illegible
            _outcome("HCOP.1.1", "Increase the level of health & fitness for all", C_PCT, C_HW),  # row 1
            _outcome("HCOP.1.2", "Reduce premature mortality rates and reduce inequalities in premature mortality "
                                 "rates between wards/neighbourhoods, with a particular focus on reducing the risk "
                                 "factors for heart disease, stroke and related diseases (CVD) (smoking, diet and "
                                 "physical activity)",
                     C_PCT, C_HW),  # row 1
            _outcome("HCOP.1.3", "LPSA Priority Area 2 Health and Well Being. Target 5: Improving health and reducing "
                                 "health inequalities by increasing the number of people who quit smoking",
                     C_PCT, C_HW),  # row 8
            _outcome("HCOP.1.4", "Improve health and reduce health inequalities", C_PCT, C_HW,
                     description="Narrowing the gap in all age, all cause mortality."),  # rows 10-12
        ]),
        _theme("HCOP.2", "Older People's Partnership", group=C_OPP, outcomes=[  # lines 754-804
            _outcome("HCOP.2.1", "The effective rehabilitation and increased independence of older people through a "
                                 "multi-agency approach to chronic disease management and emergency care",
                     C_PCT, C_OPP),
            _outcome("HCOP.2.2", "LPSA 2 Target 2 - Improving the take-up of Pension Credit, Attendance Allowance and "
                                 "Council Tax Benefit by people over the age of 60", C_CCC, C_OPP),
            # Row 16, partly reconstructed from OCR, like row 17 below.
            _outcome("HCOP.2.3", "LPSA 2 Target 3 - Improve the quality of life of older people via home care and "
                                 "direct payments",
                     C_CCC, C_OPP),
            _outcome("HCOP.2.4", "LPSA 2 Target 4 - Improve the quality of life of older people by reducing emergency "
                                 "hospital bed days", C_PCT, C_OPP),  # row 18
        ]),
    ]),
    _theme("EED", "Economic Development and Enterprise", description=(
        "Based on HM Treasury's model for economic growth: four broad outcomes underpinned by 'create the conditions "
        "for growth within the city'."), children=[  # LAA para 8.1
        _theme("EED.1", "Jobs & Economy (Jobs Strategy Group)", group=C_JE, outcomes=[  # lines 656-679
            _outcome("EED.1.1", "To achieve full employment in the city, and increase the employment rate of "
                                "disadvantaged groups", C_CCC, C_JE, description="LEGI outcome."),  # para 8.1; rows 1-2
            _outcome("EED.1.2", "Within each NRF district, for those living in the ward identified by DWP as having "
                                "the worst labour market position, significantly improve their overall employment rate",
                     C_CCC, C_JE, description="Foleshill."),  # rows 4-6
            _outcome("EED.1.3", "To build an enterprise society in which small firms thrive and achieve their "
                                "potential, especially in deprived neighbourhoods", C_CCC, C_JE,
                     description="LEGI outcome."),  # para 8.1; rows 12-15
            _outcome("EED.1.4", "To stimulate and support a diverse, productive, innovative and knowledge-based "
                                "economy",
                     C_CCC, C_JE, description="'Coventry's economic performance improves'."),  # para 8.1; rows 7-9
            _outcome("EED.1.5", "Create the conditions for growth within the city", C_CCC, C_JE,
                     description="Attract inward investment into deprived areas."),  # para 8.1; row 10
            _outcome("EED.1.6", "LPSA Priority Area 1 Jobs and our Local Economy: increase the number of employment "
                                "opportunities for workless people with health problems", C_CCC, C_JE),  # row 16
        ]),
        _theme("EED.2", "Learning & Training Theme Group outcomes", group=C_LT, outcomes=[
            _outcome("EED.2.1", "To provide people with the skills needed for employment, business success, innovation "
                                "and economic growth", "Learning & Skills Council", C_LT, description=(
                                "Adults in priority neighbourhoods accessing and succeeding in education "
                                "and training.")),  # para 8.1; line 687, partly illegible
        ]),
        _theme("EED.3", "Transport Theme Group outcome", group="Transport Theme Group", outcomes=[
            _outcome("EED.3.1", "By 2010 the quality of local public transport services will have improved and people "
                                "will find it easier and safer to get to work, places of learning and leisure, health "
                                "services and shops", C_CCC, "Transport Theme Group", description=(
                                "More rapid in our priority neighbourhoods and communities.")),  # lines 700-702
        ]),
    ]),
]

COVENTRY = {
    "slug": "coventry",
    "name": "Coventry Partnership",
    "place": "Coventry",
    "theme_label": "Block",  # seed 003 para 4.2: "The LAA consists of four blocks"
    "description": (
        "Brings together the local public, private, voluntary and community sectors to deliver the Coventry "
        "Community Plan and the Local Area Agreement, improving the quality of life and services across the "
        "city and narrowing the gap between priority neighbourhoods and the rest of the city."
    ),  # seed 003 para 3.1
    "organisations": [
        {"name": C_CCC, "short_name": "CCC", "sector": "public"},  # para 3.1-3.2
        {"name": C_PCT, "short_name": "tPCT", "sector": "public"},  # LAA para 2.1, 7.1
        {"name": "West Midlands Police", "short_name": "WMP", "sector": "public"},  # LAA para 2.1, 6.6
        {"name": "Learning & Skills Council", "short_name": "LSC", "sector": "public"},  # LAA para 2.1
        {"name": C_CEN, "short_name": "CEN", "sector": "community"},  # LAA paras 4.1, 6.7
        # "CVSC" throughout (paras 4.1, 4.4); the expansion is public knowledge, not in seeds.
        {"name": C_CVSC, "short_name": "CVSC", "sector": "voluntary"},
        {"name": "Coventry Law Centre", "short_name": "Law Centre", "sector": "voluntary"},  # para 3.5
        {"name": "Whitefriars Housing Group", "short_name": "Whitefriars", "sector": "voluntary"},  # paras 6.6, 6.25
        {"name": "CV One", "short_name": "CV One", "sector": "private"},  # para 6.25 "(city centre company)"
        # "the Fire Service" (paras 6.4, 6.16, 6.40); its name is public knowledge, not in seeds.
        {"name": "West Midlands Fire Service", "short_name": "WMFS", "sector": "public"},
        {"name": "Government Office West Midlands", "short_name": "GOWM", "sector": "public"},  # para 3.3
        {"name": "Age Concern", "short_name": "Age Concern", "sector": "voluntary"},  # paras 6.28, 7.13
    ],
    "groups": [
        # Seed 003 paras 3.2, 3.5; appendix 2 para 4.2.
        _group("Coventry Partnership Board", "board", None, "Members from all sectors; the chair rotates annually "
               "between the public, private and voluntary sectors; the overarching strategic partnership for the "
               "city.", members=[
               ("Coventry Law Centre", "chair"),  # para 3.5: its Director holds the chair in 2006/07
               (C_CCC, "member"), (C_CCC, "officer"),  # para 3.2: six councillors; the Chief Executive is Secretary
               (C_CEN, "member"), (C_CVSC, "member"),  # LAA paras 4.1, 4.6
               ]),
        # LAA para 2.1; appendix 2 para 4.2.
        _group("Operations Group", "operations_group", C_BOARD, "Oversees the LAA; accountable to the Board for "
               "delivery of the LAA and the Community Plan. Its members also include the private sector.",
               members=[(org, "member") for org in (
               C_CCC, C_PCT, "West Midlands Police", C_CVSC, "Learning & Skills Council", C_CEN)]),
        _group("Progress, Impact and Evaluation Group", "other", C_BOARD, "The PIE Group: leads performance management "
               "and mentors and challenges the theme groups."),  # LAA paras 3, 3.4
        _group("Leaders & Advisors Group", "other", C_BOARD, "Theme group leaders and advisors."),  # app. 2 para 5.4
    ] + [
        # Seed 003 para 3.4; LAA para 4.1; renamed, LAA para 7.18; the partnership, LAA para 6.14.
        _group(f"{name} Theme Group", "theme_group", C_BOARD, "The community sector has two guaranteed places on "
               "each theme group." + {
               "Health & well-being": " Renamed the Health of Coventry Theme Group.",
               "Community Safety": " The Coventry Community Safety Partnership.",
               "Jobs & Economy": " The spreadsheet calls it the Jobs Strategy Group.",
               "Culture": " The spreadsheet reports a 'Cultural Partnership' outcome."}.get(name, ""),
               members=[(C_CEN, "member")])  # LAA paras 4.1, 4.6
        for name in COVENTRY_THEME_GROUPS
    ] + [
        # Seed 003 para 3.4; LAA paras 5.2 and 7.2.
        _group(name, "partnership", C_BOARD, "A community of interest partnership." + {
            C_CYPP: " Also called the Children and Young People's Strategic Partnership.",
            C_OPP: " Its Board published the Strategy for Older People in 2006."}.get(name, ""))
        for name in COVENTRY_INTEREST_PARTNERSHIPS
    ] + [
        _group("Community Safety Partnership Executive Group", "sub_group", C_CS, "Oversees delivery of the Safer and "
               "Stronger Communities block.", members=[(C_CEN, "member"), (C_CVSC, "member")]),  # LAA para 4.4
        # LAA paras 6.13-6.15, 6.38, 5.4, 5.9, 3.2 and 4.8, in order.
        _group("Joint Commissioning Group", "sub_group", C_CS, "Community safety commissioning."),
        _group("Coventry Offender Management Group", "sub_group", C_CS, "The PPO Strategy."),
        _group("Children and Young People's Joint Commissioning Board", "sub_group", C_CYPP),
        _group("Supporting Families and Friends Sub-Group", "sub_group", C_CYPP, "Parenting strategy."),
        _group("New Deal for Communities Partnership", "partnership", None),
        _group("Local Enterprise Growth Initiative Board", "other", None, "LEGI Board."),
    ],
    "areas": (
        [{"name": "Coventry", "gss_code": "E08000026", "area_type": "city", "parent": None}]
        + [{"name": w, "gss_code": "", "area_type": "ward", "parent": "Coventry"} for w in COVENTRY_WARDS]
        + [  # LAA para 6.6 "the NDC area" (its ward is public knowledge, not in seeds) and, within it, Manor Farm
            {"name": C_NDC, "gss_code": "", "area_type": "neighbourhood", "parent": "Henley"},
            {"name": "Manor Farm", "gss_code": "", "area_type": "neighbourhood", "parent": C_NDC},
            # LAA para 8.2 and spreadsheet EED row 13: "the most deprived areas", "10% most deprived LSOAs".
            {"name": "LEGI target area", "gss_code": "", "area_type": "other", "parent": "Coventry"},
        ]
    ),
    "area_sets": [
        {"name": "Areas the LAA targets by name",
         # Spreadsheet EED rows 4-6; LAA paras 6.6, 8.2, 7.22, 6.30 and 6.31, in order.
         "description": "Foleshill, the ward DWP identified as having the worst labour market position; the NDC "
                        "area and Manor Farm; the LEGI target area, which 'generally overlaps with priority "
                        "neighbourhoods'. The 31 priority neighbourhoods, 6 Neighbourhood Element areas and 20 Safer "
                        "Neighbourhood Groups are counted but not named.",
         "areas": ["Foleshill", "New Deal for Communities area", "Manor Farm", "LEGI target area"]},
    ],
    "population_groups": _population_groups([
        # Communities of interest: seed 003 para 3.4. LEGI target communities: LAA para 8.2.
        ("Older people", "Community of interest."),
        ("Children and young people", "Community of interest."),
        ("People with mental health problems", "Community of interest; LEGI target community."),
        ("People with physical and sensory impairments", "Community of interest."),
        ("People with learning disabilities", "Community of interest."),
        ("BME communities", "'Ethnic minorities'; LEGI target community."),  # LAA paras 3.6, 8.2; EED row 3
        ("Disabled people", "LEGI target community."),
        ("Ex-offenders", "LEGI target community."), ("Lone parents", "LEGI target community."),  # and EED row 3
        ("Refugees and asylum seekers", "LEGI target community."),
        ("Economically inactive people", "Particularly those on Incapacity Benefit."),  # LAA para 8.2
        ("People aged 50 and over", "Disadvantaged group for employment."),  # EED row 3
        ("Looked after children", "LPSA target 11."),  # CYP rows 13-18
        ("Boys", "LPSA target 11: improving outcomes for boys."),  # CYP row 12
        ("People aged 85 and over", "Older People's Partnership project."),  # LAA para 7.13
    ]),
    "themes": COVENTRY_THEMES,
}

# ---------------------------------------------------------------------------
# 3. Gloucester (seed 004: Stronger Communities thematic sub-group report, 4 September 2008)
# ---------------------------------------------------------------------------

G_SCG = "Stronger Communities Group"

GLOUCESTER = {
    "slug": "gloucester",
    # Seed 004 speaks only of "LSP partners" (outcome 2.2 task a). The LSP's name is public knowledge.
    "name": "Gloucester Partnership",
    "place": "Gloucester",
    "theme_label": "Theme",
    "description": "Gloucester's local strategic partnership. Its Stronger Communities thematic sub-group reports "
                   "each outcome's action, tasks, targets, positions and RAG status.",  # seed 004
    "organisations": [
        {"name": "Gloucester City Council", "short_name": "GCC", "sector": "public"},  # "City Council", "GCC"
        # "GAVCA", "GARAS" (2.1 task b), "ACA" (2.1 task d); expansions are public knowledge, not in seeds.
        {"name": "Gloucestershire Association for Voluntary and Community Action", "short_name": "GAVCA",
         "sector": "voluntary"},
        {"name": "Gloucestershire Action for Refugees and Asylum Seekers", "short_name": "GARAS",
         "sector": "voluntary"},
        # "Police & community partnership approach", "PREVENT PC" (2.1 task c); name is public knowledge.
        {"name": "Gloucestershire Constabulary", "short_name": "Police", "sector": "public"},
    ],
    "groups": [
        # The LSP; its name is public knowledge, not in seeds.
        _group("Gloucester Partnership Board", "board", None, "The local strategic partnership."),
        # "Contact: Di Robinson" on every page of seed 004; her organisation is not given.
        _group(G_SCG, "sub_group", "Gloucester Partnership Board",
               "'Thematic Sub-group: Stronger Communities'.", members=[(None, "officer", "Di Robinson")]),  # seed 004
        # Seed 004, 2.2 task c, for both: 'CDRP Nmgt Group established'; 'NMGt Sub Group established and action
        # plan agreed'; 'City Centre NP has also begun a community planning process in its area'.
        _group("CDRP Neighbourhood Management Sub-Group", "sub_group", None, "Established, with its action plan "
               "agreed."),
        _group("City Centre Neighbourhood Partnership", "partnership", None, "Has begun a community planning process "
               "in its area.", area="City Centre"),
    ],
    "areas": [
        {"name": "Gloucester", "gss_code": "E07000081", "area_type": "district", "parent": None},
        {"name": "City Centre", "gss_code": "", "area_type": "neighbourhood", "parent": "Gloucester"},  # seed 004
    ],
    "area_sets": [],  # 3.1 task: "small area surveys out in 5 areas of Gloucester" - not named
    "population_groups": [
        {"name": "New and emerging communities", "description": ""},  # seed 004, 2.1 task b
        {"name": "Diverse communities", "description": ""},  # seed 004, outcome 2.2
        {"name": "Residents of disadvantaged neighbourhoods", "description": ""},  # seed 004, outcome 3.1
    ],
    "themes": [
        # Seed 004 numbers the outcomes 2.1, 2.2 and 3.1 (from sections 2 and 3 of a plan it does not name)
        # and reports all three under the Stronger Communities sub-group; so one theme holds them.
        _theme("SC", "Stronger Communities", group=G_SCG, description=(
            "The outcomes reported by the Stronger Communities thematic sub-group."), outcomes=[  # seed 004
            _outcome("2.1", "Communities live, work and play in peace and harmony", group=G_SCG,
                     description="Action: take action to increase community cohesion and integration in Gloucester. "
                                 "Tasks involve GAVCA and GARAS (b) and a police and community partnership approach "
                                 "(c)."),
            _outcome("2.2", "Our diverse communities have a strong influence on the services they receive",
                     "Gloucester City Council", G_SCG,
                     description="Action: partners work together to put community engagement at the heart of their "
                                 "decision making. The City Council delivers tasks a, b and d."),
            _outcome("3.1", "Measurable improvements are made in Gloucester's deprived communities", group=G_SCG,
                     description="Action: work with communities to develop and implement neighbourhood action plans in "
                                 "the most disadvantaged neighbourhoods to improve quality of life."),
        ]),
    ],
}

# ---------------------------------------------------------------------------
# 4. Wirral (seed 002: Comprehensive Engagement Strategy 2009-2011, draft)
# ---------------------------------------------------------------------------

# Seed 002 line 211: "11 Area Forums across the Borough. Each Forum covers two Wards". The forums and
# wards are public knowledge, not in seeds (Wirral Council minutes 2004-2009); the pairings marked * are
# inferred from geography, the others appear in forum minutes.
WIRRAL_FORUMS = [
    ("Bebington and Clatterbridge", ["Bebington", "Clatterbridge"]),
    ("Bidston and Claughton", ["Bidston and St James", "Claughton"]),
    ("Birkenhead, Tranmere and Rock Ferry", ["Birkenhead and Tranmere", "Rock Ferry"]),
    ("Bromborough and Eastham", ["Bromborough", "Eastham"]),  # *
    ("Greasby, Frankby, Irby and Upton", ["Greasby, Frankby and Irby", "Upton"]),
    ("Heswall, Pensby and Singleton", ["Heswall", "Pensby and Singleton"]),  # *
    ("Hoylake, Meols, West Kirby and Thurstaston", ["Hoylake and Meols", "West Kirby and Thurstaston"]),
    ("Leasowe, Moreton and Saughall Massie", ["Leasowe and Moreton East", "Moreton West and Saughall Massie"]),
    ("Liscard and Seacombe", ["Liscard", "Seacombe"]),
    ("New Brighton and Wallasey", ["New Brighton", "Wallasey"]),  # *
    ("Oxton and Prenton", ["Oxton", "Prenton"]),
]

R_ESG, R_CWG, R_WC = "Engagement Steering Group", "Compact Working Group", "Wirral Council"
R_LSP = "Wirral Local Strategic Partnership Board"

WIRRAL = {
    "slug": "wirral",
    "name": "Wirral Local Strategic Partnership",  # seed 002 line 3
    "place": "Wirral",
    "theme_label": "Theme",  # seed 002 section 6: "Theme 1: Building Cohesive Communities" etc.
    "description": (
        "To increase the involvement of people in the life of their communities and encourage their greater "
        "participation in the decision-making processes that affect their quality of life and the services they "
        "receive from all partners of the LSP."
    ),  # seed 002 line 115, the vision of the engagement strategy
    "organisations": [
        {"name": R_WC, "short_name": "WBC", "sector": "public"},  # "the Council", "the Authority" (line 163)
        {"name": "Voluntary Community Action Wirral", "short_name": "VCAW", "sector": "voluntary"},  # line 223
        {"name": "Wirral LINk", "short_name": "LINk", "sector": "community"},  # line 197
        {"name": "Terrence Higgins Trust", "short_name": "THT", "sector": "voluntary"},  # line 336
        # Area forum members in the forums' minutes: public knowledge, not in seeds.
        {"name": "Merseyside Police", "short_name": "Police", "sector": "public"},
        {"name": "Merseyside Fire & Rescue Service", "short_name": "MFRS", "sector": "public"},
        {"name": "Wirral Primary Care Trust", "short_name": "PCT", "sector": "public"},
    ],
    "groups": [
        _group(R_LSP, "board", None, "The local authority leads the LSP."),  # seed 002 line 163
        _group(R_ESG, "operations_group", R_LSP, "Operational responsibility for the strategy and a common approach to "
               "engagement; keeps a forward plan of joint engagement activity as a permanent agenda item.",
               members=[(R_WC, "member")]),  # seed 002 lines 167, 181, 288
        # Seed 002 lines 167, 312; the longer name, line 406.
        _group("Community Cohesion Board", "theme_group", R_LSP, "Proposed, as the Community Cohesion and "
               "Equalities Board."),
        _group(R_CWG, "theme_group", R_LSP),  # seed 002 lines 348, 354, 362
        _group("Funding Network", "sub_group", R_CWG,
               "A strategic funding group is proposed."),  # seed 002 lines 348, 169
        _group("Compact Champions Network", "other", R_CWG),  # seed 002 line 360
        _group("Wirral Equalities Forum", "partnership", R_LSP,
               "WEF: the six strands of equality."),  # seed 002 line 329
        _group("Wirral Black Racial Minority Partnership", "partnership", None, "WBRMP."),  # seed 002 line 331
        _group("Wirral Disabled People's Forum", "other", None),  # seed 002 line 335
        _group("Youth Parliament", "other", None),  # seed 002 lines 209, 219, 337
        _group("Older People's Parliament", "other", None),  # seed 002 lines 209, 219, 337
        _group("Youth Forums", "other", None, "Engage young people on a geographical basis."),  # seed 002 line 217
        _group("Business Forum", "other", None, "Sector-based clusters of Wirral businesses."),  # seed 002 line 225
    ] + [
        # Placing the forums under the LSP is ours; their partner members are public knowledge (forum minutes).
        _group(f"{forum} Area Forum", "area_board", R_LSP, "Members from the local authority, other partner agencies "
               "and the local community; funds local projects and the 'You Decide' budget.",  # seed 002 l. 211-213
               area=forum, members=[(org, "member") for org in (
                   R_WC, "Merseyside Police", "Merseyside Fire & Rescue Service", "Wirral Primary Care Trust")])
        for forum, _ in WIRRAL_FORUMS
    ],
    "areas": (
        [{"name": "Wirral", "gss_code": "E08000015", "area_type": "district", "parent": None}]  # metropolitan borough
        + [{"name": forum, "gss_code": "", "area_type": "other", "parent": "Wirral"} for forum, _ in WIRRAL_FORUMS]
        + [{"name": ward, "gss_code": "", "area_type": "ward", "parent": forum}
           for forum, wards in WIRRAL_FORUMS for ward in wards]
    ),
    "area_sets": [],
    "population_groups": _population_groups([
        (strand, "Equality strand.") for strand in SIX_STRANDS  # seed 002 line 315
    ] + [
        ("Young people", "Youth Parliament and Youth Forums."),  # seed 002 lines 217-219
        ("Older people", "Older People's Parliament."),  # seed 002 line 219
        ("Unemployed residents", "The 'ReachOut' programme."),  # seed 002 line 231
    ]),
    "themes": [
        # Seed 002 section 6: cross-cutting action led by the ESG, and four thematic objectives. The outcomes
        # are the strategy's bullet points; their numbering is ours.
        _theme("CC", "Cross-cutting action", group=R_ESG,
               description="Led and monitored by the Engagement Steering Group.",  # seed 002 line 273
               outcomes=[
               _outcome("6.1", "Agree a common approach to all methods of engagement", group=R_ESG),  # line 277
               _outcome("6.1.1", "Reduce duplication", group=R_ESG,
                        description="A forward plan of joint engagement activity."),  # seed 002 line 288
               _outcome("6.1.2", "Reduce costs", group=R_ESG),  # line 293
               ]),
        _theme("1", "Building Cohesive Communities", group="Community Cohesion Board",
               description="Measured by NI 1 and NI 35.", outcomes=[  # seed 002 lines 299-313, 397-406
               _outcome("1.1", "Increase the representation of diverse groups", group="Community Cohesion Board"),
               _outcome("1.2", "Develop a single forum (the proposed Community Cohesion Board)",
                        group="Community Cohesion Board"),
               _outcome("1.3", "Build on existing area forum structures to include the principles of neighbourhood "
                               "working", R_WC, "Community Cohesion Board"),  # line 313
               ]),
        _theme("2", "Procurement and Commissioning", group="Funding Network",
               description="Lead: Compact Working Group and Funding Network; measured by NI 7.",  # lines 342-348
               outcomes=[
               _outcome("2.1", "Sustain the work of the third sector in Wirral through well targeted financial support",
                        group="Funding Network"),  # line 411
               ]),
        _theme("3", "Sharing Best Practice", group=R_CWG,
               description="Measured by NI 4 and NI 7.",  # seed 002 lines 350-362
               outcomes=[
               _outcome("3.1", "Further develop the Compact's Engagement Toolkit", group=R_CWG),  # line 358
               _outcome("3.2", "Review the existing governance and membership arrangements within existing working "
                               "groups to ensure they adhere to recognised good practice", group=R_CWG),
               _outcome("3.3", "Provide further support and resources to the establishment of the Compact Champions "
                               "Network", group=R_CWG),  # line 360
               ]),
        # Seed 002 lines 364-376.
        _theme("4", "Building Capacity", description="Lead: Voluntary Community Action Wirral; measured by NI 6 and "
               "NI 7.",
               outcomes=[
               _outcome("4.1", "Develop a strategic plan for Wirral's third sector",
                        "Voluntary Community Action Wirral"),
               _outcome("4.2", "Improve representation between statutory decision makers and the third sector through "
                               "a recognised democratic process", "Voluntary Community Action Wirral"),  # line 371
               _outcome("4.3", "Build capacity in the sector to deliver goods and services in their own right as well "
                               "as on behalf of partners in the public sector", "Voluntary Community Action Wirral"),
               _outcome("4.4", "Support and develop the capacity within the sector to represent themselves "
                               "within the LSP", "Voluntary Community Action Wirral"),  # line 374
               ]),
    ],
}

PARTNERSHIPS = [WILTSHIRE, COVENTRY, GLOUCESTER, WIRRAL]

