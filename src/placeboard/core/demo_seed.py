"""The demo partnerships' frameworks, built from the seed papers in ../shared/seeds.

Plain data (no Django), loaded idempotently by placeboard.core.demo. Every item
says where it comes from; the few things the papers only count, not name, are
marked "public knowledge, not in seeds"."""

WILTSHIRE_COMMUNITY_AREAS = [
    # Seed 000: "The 18 Area Boards are each supported by a dedicated Community
    # Area Manager". Seed 001 (an earlier paper) speaks of 20 community areas;
    # the 18 boards of 2009 are used here. Names: public knowledge, not in seeds.
    "Amesbury", "Bradford on Avon", "Calne", "Chippenham", "Corsham", "Devizes", "Malmesbury",
    "Marlborough", "Melksham", "Pewsey", "Salisbury", "South West Wiltshire", "Southern Wiltshire",
    "Tidworth", "Trowbridge", "Warminster", "Westbury", "Wootton Bassett and Cricklade",
]

# Seed 001, ambition 3.2 and 3.3 "Places and people": the most deprived areas
# (lower super output areas), each with the community area it lies in.
WILTSHIRE_PRIORITY_LSOAS = [
    ("John of Gaunt - Studley Green", "Trowbridge"),
    ("Trowbridge Adcroft - Seymour", "Trowbridge"),
    ("Salisbury St Martin - central", "Salisbury"),
    ("Salisbury Bemerton - west", "Salisbury"),
    ("Trowbridge Drynham - Lower Studley", "Trowbridge"),
    ("Salisbury Bemerton - south", "Salisbury"),
    ("Westbury Ham - west", "Westbury"),
    ("Melksham North - north east", "Melksham"),
    ("Melksham North - south west", "Melksham"),
    ("Calne Abberd - south", "Calne"),
    ("Wootton Bassett North - central", "Wootton Bassett and Cricklade"),
    ("Chippenham Queens - east", "Chippenham"),
    ("Devizes North - east", "Devizes"),
    ("Trowbridge Drynham - central", "Trowbridge"),
]

WILTSHIRE = {
    "slug": "wiltshire",
    "name": "Wiltshire Strategic Partnership",  # seed 001: "the Local Strategic Partnership"
    "place": "Wiltshire",
    "theme_label": "Ambition",
    "description": (
        "Wiltshire's family of partnerships working to the ambitions of the sustainable Community "
        "Strategy and the Local Agreement for Wiltshire, delivered locally through 18 multi-agency "
        "area boards and community area partnerships (seeds 000 and 001)."
    ),
    "organisations": [
        {"name": "Wiltshire Council", "short_name": "WC", "sector": "public"},  # seed 000
        {"name": "NHS Wiltshire", "short_name": "PCT", "sector": "public"},  # seed 000 "NHS", seed 001 "Primary Care Trust"
        {"name": "Wiltshire Police", "short_name": "Police", "sector": "public"},  # seed 000, 001 para 300
        {"name": "Wiltshire Fire and Rescue Service", "short_name": "WFRS", "sector": "public"},  # seed 001 para 300-301 (fires)
        {"name": "Wiltshire Forum of Community Area Partnerships", "short_name": "WfCAP", "sector": "community"},  # seed 000
        {"name": "Wiltshire Infrastructure Consortium", "short_name": "WIC", "sector": "voluntary"},  # seed 000
        {"name": "Citizens Advice Bureau", "short_name": "CAB", "sector": "voluntary"},  # seed 000 CAB merger
        {"name": "Wiltshire Wildlife Trust", "short_name": "WWT", "sector": "voluntary"},  # seed 001 "Wiltshire Wildlife"
    ],
    "groups": [
        # Seed 001, ambition 7: the 'family of partnerships'.
        {"name": "Wiltshire Assembly", "kind": "partnership", "parent": None,
         "description": "Wide membership from Wiltshire's community areas and the public, business and third "
                        "sectors; deliberation and direction (seed 001)."},
        {"name": "Wiltshire Strategic Board", "kind": "board", "parent": "Wiltshire Assembly",
         "description": "WiSB: coordination, challenge and evaluation across the delivery partnerships (seed 001)."},
        {"name": "Children & Young People's Trust Board", "kind": "theme_group", "parent": "Wiltshire Strategic Board",
         "description": "Seed 001 contributors list."},
        {"name": "Health & Wellbeing Partnership", "kind": "theme_group", "parent": "Wiltshire Strategic Board",
         "description": "Seed 001 contributors list."},
        {"name": "Safer Wiltshire Executive", "kind": "theme_group", "parent": "Wiltshire Strategic Board",
         "description": "Seed 001 contributors list."},
        {"name": "Wiltshire Strategic Economic Partnership", "kind": "theme_group", "parent": "Wiltshire Strategic Board",
         "description": "Seed 001 contributors list."},
        {"name": "Stronger LAA block group", "kind": "theme_group", "parent": "Wiltshire Strategic Board",
         "description": "Seed 001: 'Stronger LAA block, with information from the Social Inclusion Partnership, "
                        "community areas, and the developing culture partnership'."},
        {"name": "Wiltshire Waste Partnership", "kind": "sub_group", "parent": "Wiltshire Strategic Board",
         "description": "Seed 001 contributors list."},
        {"name": "Wiltshire Biodiversity Partnership", "kind": "sub_group", "parent": "Wiltshire Strategic Board",
         "description": "Seed 001 contributors list."},
    ] + [
        {"name": f"{area} Area Board", "kind": "area_board", "parent": "Wiltshire Strategic Board", "area": area,
         "description": "Supported by a dedicated community area manager; NHS community engagement officers and "
                        "police inspectors are permanent members (seed 000).",
         "members": [
             {"organisation": "Wiltshire Council", "role": "community_area_manager"},
             {"organisation": "Wiltshire Police", "role": "member"},
             {"organisation": "NHS Wiltshire", "role": "member"},
         ]}
        for area in WILTSHIRE_COMMUNITY_AREAS
    ],
    "areas": [{"name": "Wiltshire", "gss_code": "E06000054", "area_type": "unitary_authority", "parent": None}]
    + [{"name": area, "gss_code": "", "area_type": "community_area", "parent": "Wiltshire"}
       for area in WILTSHIRE_COMMUNITY_AREAS]
    + [{"name": lsoa, "gss_code": "", "area_type": "lsoa", "parent": area} for lsoa, area in WILTSHIRE_PRIORITY_LSOAS],
    "area_sets": [
        {"name": "Priority neighbourhoods",
         "description": "The most deprived areas in Wiltshire, named in seed 001 (ambitions 3.2 and 3.3).",
         "areas": [lsoa for lsoa, _ in WILTSHIRE_PRIORITY_LSOAS]},
        {"name": "Strategically significant centres",
         "description": "Seed 001 ambition 2: Trowbridge, Chippenham and Salisbury.",
         "areas": ["Trowbridge", "Chippenham", "Salisbury"]},
    ],
    "population_groups": [
        # Seed 001 para 168 (client groups) and ambitions 3.1-3.3 "People".
        {"name": "Gypsies and Travellers", "description": "Seed 001 para 168."},
        {"name": "Ex-offenders", "description": "Seed 001 para 168."},
        {"name": "Young people", "description": "Seed 001 para 168 and ambition 3.2."},
        {"name": "Older people", "description": "Seed 001 para 168 ('the elderly') and ambition 3.1."},
        {"name": "Migrants", "description": "Seed 001 para 168."},
        {"name": "Disabled people", "description": "Seed 001 ambition 3.1."},
        {"name": "Carers", "description": "Seed 001 ambition 3.1 action 2."},
        {"name": "BME communities", "description": "Seed 001 ambition 3.1 action 2."},
        {"name": "Families", "description": "Seed 001 ambition 3.2."},
    ],
    "themes": [
        {"code": "1", "name": "Resilient communities", "group": "Stronger LAA block group",
         "description": "Build 'resilient communities' with high social capital through people feeling socially "
                        "included (seed 001 para 4).",
         "outcomes": [  # seed 000 progress report headings under "Building resilient communities"
             {"code": "1a", "title": "Help local communities develop their own priorities and improvements",
              "lead_organisation": "Wiltshire Forum of Community Area Partnerships"},
             {"code": "1b", "title": "Improve the way Wiltshire organisations work together to plan and deliver "
                                     "services in local communities", "lead_organisation": "Wiltshire Council"},
             {"code": "1c", "title": "Build a strong and vibrant voluntary sector",
              "lead_organisation": "Wiltshire Infrastructure Consortium"},
             {"code": "1d", "title": "Create stronger and more inclusive communities",
              "lead_organisation": "Wiltshire Council"},
         ]},
        {"code": "2", "name": "Affordable housing", "description": "Improve affordable housing (seed 001).",
         "outcomes": [
             {"code": "2a", "title": "More new affordable homes", "lead_organisation": "Wiltshire Council"},
             {"code": "2b", "title": "Helping homeless people", "lead_organisation": "Wiltshire Council"},
             {"code": "2c", "title": "Greener and accessible affordable homes", "lead_organisation": "Wiltshire Council"},
         ]},
        {"code": "3", "name": "Lives not services", "group": "Health & Wellbeing Partnership",
         "description": "Seed 001 ambition 3.",
         "children": [
             {"code": "3.1", "name": "Independent and fulfilling lives",
              "description": "Support more people in Wiltshire to have independent and fulfilling lives as part of "
                             "their local community.",
              "outcomes": [{"code": "3.1a", "title": "Improve the 'whole system' across NHS and social care",
                            "lead_organisation": "NHS Wiltshire"}]},
             {"code": "3.2", "name": "Support families", "group": "Children & Young People's Trust Board",
              "description": "Support families to provide the strong foundations for children and young people's "
                             "development.",
              "outcomes": [{"code": "3.2a", "title": "Help young people to succeed at school and take part in "
                                                     "positive activities",  # seed 000 heading
                            "lead_organisation": "Wiltshire Council",
                            "group": "Children & Young People's Trust Board"}]},
             {"code": "3.3", "name": "Informed choices",
              "description": "Enable individuals to make informed choices to improve their long term health and "
                             "well being and reduce 'All Age All Cause Mortality'.",
              "outcomes": [{"code": "3.3a", "title": "Develop a programme of referral schemes in Wiltshire",
                            "lead_organisation": "NHS Wiltshire"}]},
         ]},
        {"code": "4", "name": "Economic growth", "group": "Wiltshire Strategic Economic Partnership",
         "description": "Wiltshire exhibiting a positive and sustainable environment for economic growth (seed 001)."},
        {"code": "5", "name": "Safer communities", "group": "Safer Wiltshire Executive",
         "description": "Reduce particular crimes, change behaviours and inform the public to bring about "
                        "communities that are safe and feel safe (seed 001).",
         "outcomes": [{"code": "5a", "title": "Reduce road traffic collisions and fires",
                       "lead_organisation": "Wiltshire Fire and Rescue Service"}]},
        {"code": "6", "name": "Environment", "description": "Seed 001 ambition 6.",
         "children": [
             {"code": "6.1", "name": "Tackle climate change"},
             {"code": "6.2", "name": "A high quality, natural environment that enriches the lives of people",
              "group": "Wiltshire Biodiversity Partnership"},
         ]},
        {"code": "7", "name": "Working together",
         "description": "Work together to achieve the ambitions, including new governance arrangements for the "
                        "'family of partnerships' and the establishment of community area boards (seed 001).",
         "outcomes": [{"code": "7a", "title": "Establish community area boards to support local decision-making",
                       "lead_organisation": "Wiltshire Council"}]},
    ],
}

COVENTRY_THEME_GROUPS = [  # seed 003 para 3.4
    "Jobs & Economy", "Health & well-being", "Transport", "Learning & Training", "Equalities & Communities",
    "Environment", "Culture", "Community Safety",
]

COVENTRY = {
    "slug": "coventry",
    "name": "Coventry Partnership",
    "place": "Coventry",
    "theme_label": "Block",
    "description": (
        "The local public, private, voluntary and community sectors working together to deliver the Coventry "
        "Community Plan and the Local Area Agreement (seed 003 para 3.1)."
    ),
    "organisations": [  # seed 003
        {"name": "Coventry City Council", "short_name": "CCC", "sector": "public"},
        {"name": "Coventry Teaching Primary Care Trust", "short_name": "tPCT", "sector": "public"},
        {"name": "West Midlands Police", "short_name": "WMP", "sector": "public"},
        {"name": "Coventry Voluntary Service Council", "short_name": "CVSC", "sector": "voluntary"},
        {"name": "Coventry Community Empowerment Network", "short_name": "CEN", "sector": "community"},
        {"name": "Whitefriars Housing Group", "short_name": "Whitefriars", "sector": "voluntary"},  # seed 003 para 6.6
    ],
    "groups": [
        {"name": "Coventry Partnership Board", "kind": "board", "parent": None,
         "members": [{"organisation": "Coventry City Council", "role": "member"},
                     {"organisation": "Coventry Voluntary Service Council", "role": "member"},
                     {"organisation": "Coventry Community Empowerment Network", "role": "member"}]},
        {"name": "Operations Group", "kind": "operations_group", "parent": "Coventry Partnership Board"},
        {"name": "Progress, Impact and Evaluation Group", "kind": "other", "parent": "Coventry Partnership Board",
         "description": "The PIE Group: mentoring and challenge to the theme groups (seed 003)."},
    ] + [
        {"name": f"{name} Theme Group", "kind": "theme_group", "parent": "Operations Group",
         "description": "Seed 003 para 3.4; the community sector has two guaranteed places on each group (para 4.1).",
         "members": [{"organisation": "Coventry Community Empowerment Network", "role": "member"}]}
        for name in COVENTRY_THEME_GROUPS
    ] + [
        {"name": name, "kind": "partnership", "parent": "Coventry Partnership Board",
         "description": "A community of interest partnership (seed 003 para 3.4)."}
        for name in ("Older People's Partnership", "Children & Young People's Partnership",
                     "Mental Health Partnership", "Physical & Sensory Impairment Partnership",
                     "Learning Disability Partnership")
    ],
    "areas": [
        {"name": "Coventry", "gss_code": "E08000026", "area_type": "city", "parent": None},
        {"name": "Foleshill", "gss_code": "", "area_type": "ward", "parent": "Coventry"},  # seed 003 paras 7.10, row 663
        {"name": "Manor Farm", "gss_code": "", "area_type": "neighbourhood", "parent": "Coventry"},  # seed 003 para 6.6
    ],
    "area_sets": [
        {"name": "Priority neighbourhoods",
         "description": "Seed 003: 'narrowing the gap between priority neighbourhoods and the rest of the city'; "
                        "the neighbourhoods the paper names.",
         "areas": ["Foleshill", "Manor Farm"]},
    ],
    "population_groups": [  # seed 003 communities of interest
        {"name": "Older people", "description": "Older People's Partnership."},
        {"name": "Children and young people", "description": "Children & Young People's Partnership."},
        {"name": "People with mental health problems", "description": "Mental Health Partnership."},
        {"name": "People with physical and sensory impairments", "description": "Physical & Sensory Impairment Partnership."},
        {"name": "People with learning disabilities", "description": "Learning Disability Partnership."},
        {"name": "Looked after children", "description": "Seed 003 CYP block rows 13-18."},
    ],
    "themes": [
        {"code": "CYP", "name": "Children and Young People", "group": "Children & Young People's Partnership",
         "description": "By 2010 the quality of life of children and young people will have improved; more rapidly "
                        "for those living in priority neighbourhoods and disadvantaged communities (seed 003).",
         "outcomes": [  # the headings of seed 003's CYP performance spreadsheet
             {"code": "CYP.1", "title": "By 2010 the quality of life of children and young people will have improved, "
                                        "more rapidly in priority neighbourhoods and disadvantaged communities",
              "lead_organisation": "Coventry City Council"},
             {"code": "CYP.2", "title": "Increase the proportion of pupils achieving level 5 or more at the end of "
                                        "key stage 3", "lead_organisation": "Coventry City Council"},
             {"code": "CYP.3", "title": "Educational achievement of looked after children compared with their peers",
              "lead_organisation": "Coventry City Council"},
             {"code": "CYP.4", "title": "Improvement in pupil attendance rates", "lead_organisation": "Coventry City Council"},
             {"code": "CYP.5", "title": "Reduce exclusions so that there are less than 15 permanent exclusions "
                                        "across all phases", "lead_organisation": "Coventry City Council"},
             {"code": "CYP.6", "title": "Reduce the use of class A drugs and frequent use of any illicit drugs among "
                                        "young people under 25, and reduce the harm caused by illegal drugs",
              "lead_organisation": "Coventry Teaching Primary Care Trust"},
             {"code": "CYP.7", "title": "LPSA target 11: improving outcomes for boys and looked after children",
              "lead_organisation": "Coventry City Council"},
         ]},
        {"code": "SSC", "name": "Safer and Stronger Communities", "group": "Community Safety Theme Group",
         "description": "Overseen by the Community Safety Partnership's Executive Group (seed 003 para 4.4).",
         "outcomes": [
             {"code": "SSC.1", "title": "To have cleaner greener safer communities",
              "lead_organisation": "Coventry City Council", "group": "Environment Theme Group"},
             {"code": "SSC.2", "title": "To improve the quality of life of people in the most disadvantaged "
                                        "neighbourhoods", "lead_organisation": "Coventry City Council"},
         ]},
        {"code": "HCOP", "name": "Healthier Communities and Older People", "group": "Health & well-being Theme Group",
         "description": "Seed 003 para 7.15.",
         "outcomes": [
             {"code": "HCOP.1", "title": "Health improvement and reducing inequalities",
              "lead_organisation": "Coventry Teaching Primary Care Trust"},
             {"code": "HCOP.2", "title": "Strengthening disadvantaged communities",
              "lead_organisation": "Coventry Teaching Primary Care Trust"},
             {"code": "HCOP.3", "title": "Multi-agency approaches to chronic disease management and emergency care",
              "lead_organisation": "Coventry Teaching Primary Care Trust"},
         ]},
        {"code": "EDE", "name": "Economic Development and Enterprise", "group": "Jobs & Economy Theme Group",
         "description": "Based on HM Treasury's model for economic growth (seed 003 para 8.1).",
         "outcomes": [
             {"code": "EDE.1", "title": "To achieve full employment in the city, and increase the employment rate of "
                                        "disadvantaged groups", "lead_organisation": "Coventry City Council"},
             {"code": "EDE.2", "title": "To build an enterprise society in which small firms thrive, especially in "
                                        "deprived neighbourhoods", "lead_organisation": "Coventry City Council"},
             {"code": "EDE.3", "title": "To stimulate and support a diverse, productive, innovative and "
                                        "knowledge-based economy", "lead_organisation": "Coventry City Council"},
             {"code": "EDE.4", "title": "To provide people with the skills needed for employment, business success, "
                                        "innovation and economic growth", "group": "Learning & Training Theme Group"},
         ]},
    ],
}

GLOUCESTER = {
    "slug": "gloucester",
    "name": "Gloucester Partnership",  # the seed names only its Stronger Communities sub-group
    "place": "Gloucester",
    "theme_label": "Theme",
    "description": "Gloucester's local strategic partnership; its Stronger Communities thematic sub-group reports "
                   "performance by outcome, action and task (seed 004).",
    "organisations": [  # named in seed 004
        {"name": "Gloucester City Council", "short_name": "GCC", "sector": "public"},
        {"name": "Gloucestershire Constabulary", "short_name": "Police", "sector": "public"},
        {"name": "Gloucestershire Association for Voluntary and Community Action", "short_name": "GAVCA",
         "sector": "voluntary"},
        {"name": "Gloucestershire Action for Refugees and Asylum Seekers", "short_name": "GARAS",
         "sector": "voluntary"},
    ],
    "groups": [
        {"name": "Gloucester Partnership Board", "kind": "board", "parent": None},
        {"name": "Stronger Communities Group", "kind": "sub_group", "parent": "Gloucester Partnership Board",
         "description": "Thematic sub-group; contact Di Robinson (seed 004).",
         "members": [{"organisation": "Gloucester City Council", "role": "chair", "name": "Di Robinson"},
                     {"organisation": "Gloucestershire Association for Voluntary and Community Action", "role": "member"},
                     {"organisation": "Gloucestershire Constabulary", "role": "member"}]},
    ],
    "areas": [{"name": "Gloucester", "gss_code": "E07000081", "area_type": "district", "parent": None}],
    "area_sets": [],
    "population_groups": [
        {"name": "New and emerging communities", "description": "Seed 004 outcome 2.1 task b."},
    ],
    "themes": [
        {"code": "2", "name": "Stronger communities", "group": "Stronger Communities Group",
         "outcomes": [
             {"code": "2.1", "title": "Communities live, work and play in peace and harmony",
              "group": "Stronger Communities Group", "lead_organisation": "Gloucester City Council"},
             {"code": "2.2", "title": "Our diverse communities have a strong influence on the services they receive",
              "group": "Stronger Communities Group", "lead_organisation": "Gloucester City Council"},
         ]},
        {"code": "3", "name": "Deprived communities", "group": "Stronger Communities Group",
         "outcomes": [
             {"code": "3.1", "title": "Measurable improvements are made in Gloucester's deprived communities",
              "group": "Stronger Communities Group", "lead_organisation": "Gloucester City Council"},
         ]},
    ],
}

PARTNERSHIPS = [WILTSHIRE, COVENTRY, GLOUCESTER]
