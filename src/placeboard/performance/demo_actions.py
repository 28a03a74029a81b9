"""Seed 004's Stronger Communities report (Gloucester, 4 September 2008), transcribed.

Its summary counts: 2.1 Green 1, Amber 2, Red 1, total 4; 2.2 Green 2,
Amber 2, Red 2, total 6; 3.1 Red 1, total 1."""

ROUND = {
    "partnership": "gloucester",
    "name": "Stronger Communities report, September 2008",
    "reporting_date": "2008-09-04",
    "period": "2008/09 Q2",
    "groups": ["Stronger Communities Group"],
}

ACTION_PLANS = [
    {"outcome": "2.1", "contact": "Di Robinson",
     "action": "Take action to increase community cohesion and integration in Gloucester",
     "tasks": [
         ("a", "Ensure partners have a shared understanding of community cohesion and integration",
          "Map of activity – June 08; training to be arranged for sub group members Autumn 08",
          "Mapping complete. Training yet to be arranged", "amber", "Arrange training."),
         ("b", "Ensure new and emerging communities have improved access to services",
          "Establish priorities with countywide survey – Sept 08; develop action plan",
          "Connections made with county work; GAVCA and GARAS exploring pilot activity", "amber",
          "Finalise action plan by October 08\nInvite GARAS to next meeting"),
         ("c", "Build resilience:\n* to violent extremism\n* to extreme events e.g. flooding",
          "* Police & community partnership approach established – pilot projects\n"
          "* Establish neighbourhood emergency plans",
          "Pilot projects underway; new appointment of PREVENT PC underway to lead on this work\n"
          "* City Council has done work with NPs to establish plans", "green",
          "Local emergency planning has thrown up capacity issues for community/neighbourhood partnerships.\n"
          "* Future updates to build on process to be planned"),
         ("d", "Work to help community organisations be more representative of their communities",
          "Establish a mechanism for capacity building in diversity and inclusion.",
          "Extend training piloted by CCCP with Trafford.", "red",
          "Revised wording on task – as discussed. Group to review and decide target next mtg – ACA will help "
          "with this."),
     ]},
    {"outcome": "2.2", "contact": "Di Robinson",
     "action": "Partners work together to put community engagement at the heart of their decision making",
     "tasks": [
         ("a", "Share partners learning around community engagement",
          "Mapping exercise of all partners by June 08; City Council to deliver community engt strategy",
          "Exercise complete.\nCity Council has adopted Com Engt Strategy and this has informed the development of "
          "a countywide Community Engt Framework, including all LSP partners", "green", ""),
         ("b", "Develop a protocol setting out how agencies and neighbourhood partnerships can work together",
          "Protocol established via city council – July 09", "Some research completed and draft in existence.",
          "amber", "More work needed to finalise this work – agree to set new time frames with GCC at next "
                   "stronger meeting"),
         ("c", "Develop a shared approach to neighbourhood planning (using neighbourhood management principles)",
          "CDRP Nmgt Group established;\nensure Neighbourhood Plans through N'hood partnerships are shared with all "
          "partners;",
          "NMGt Sub Group established and action plan agreed – work progressing;\nProgress on sharing n'hood "
          "partnership plans begun\nCity Centre NP has also begun a community planning process in its area",
          "green", "Need to have agreed process for sharing Neighbourhood Partnership action plans and to monitor "
                   "partner responses. To discuss with GCC team and agree process."),
         ("d", "Ensure that the impact of all action plans can be measured against the outcome",
          "City Council to undertake performance review with Neighbourhood Partnerships – March 09",
          "Early work in place with NP through Neighbourhood P'ship team. On schedule.", "amber",
          "Work with longer-established NPs to build on self-assessment model. Explore social auditing concepts."),
         ("e", "Support joint learning between Neighbourhood Partnerships and Neighbourhood Projects",
          "1 training day to be organised", "Not happening due to poor timing for N'hood projects", "red",
          "A difficult time to facilitate this due to changes happening within neighbourhood Projects. To arrange "
          "once the merger is complete."),
         ("f", "Explore the level of formal volunteering and identify any support needed", "Adopt target from LAA",
          "Volunteer certificates and accreditation encouraged by many organisations, including Olympic volunteer "
          "training.", "red",
          "Import actions from COMPACT, countywide LAA, and the sports volunteer accreditation programme. Contact "
          "Elaine Hodgin (CVC)"),
     ]},
    {"outcome": "3.1", "contact": "Di Robinson",
     "action": "Work with communities to develop and implement neighbourhood action plans in the most "
               "disadvantaged neighbourhoods to improve quality of life",
     "tasks": [
         ("", "Using Action 2.2 B and C, partner agencies work together to develop neighbourhood action plans in "
              "disadvantaged neighbourhoods.",
          "Baselines in place to establish evidence for action",
          "Small area surveys out in 5 areas of Gloucester w/c 8th September 09. Focus groups planned for November",
          "red", "Response required to survey findings. Use to enhance Neighbourhood Partnership action plans where "
                 "in the same areas. Develop overall action plan from the baseline data. NB: There is a huge amount "
                 "of work here and some real issues about capacity."),
     ]},
]
