"""The demo publication: original posts written for Broadsheet, so every element of a page shows."""

from typing import Any

AUTHORS = [
    {
        "name": "Mira Halvorsen",
        "slug": "mira-halvorsen",
        "bio": "Covers diplomacy, borders and the long negotiations nobody else waits for.",
    },
    {
        "name": "Daniel Okafor",
        "slug": "daniel-okafor",
        "bio": "Writes about trade, energy and the economics behind the headlines.",
    },
]

CATEGORIES = [
    {
        "name": "Diplomacy",
        "slug": "diplomacy",
        "description": "Talks, treaties and the people in the room.",
    },
    {
        "name": "Economy",
        "slug": "economy",
        "description": "Trade routes, energy and money across borders.",
    },
]

# Each post: title, author slug, category slug, ISO date, tags, excerpt, body blocks.
# Body blocks are (type, value) pairs: "p" paragraph text, "h2" heading,
# "quote" (quote, attribution), "image" (caption, alt text).
# Each post's fields, of several kinds (text, a date, lists, the body's blocks).
POSTS: list[dict[str, Any]] = [
    {
        "title": "Why river treaties outlast the governments that sign them",
        "cover": "A river gauging station on a grassy bank, water running past its concrete tower.",
        "author": "mira-halvorsen",
        "category": "diplomacy",
        "date": "2024-03-04",
        "tags": ["water", "treaties"],
        "excerpt": "",
        "body": [
            (
                "p",
                "Governments fall, borders move and alliances turn, yet agreements over shared rivers tend to survive all of it. The reason is less noble than it sounds: a river does not care who is in power, and every upstream and downstream town needs the same answer to the same question every spring.",
            ),
            (
                "p",
                "Negotiators who have worked on basin agreements describe the same pattern. The first years are spent on data: gauges, flow records, the number of hectares each side irrigates. Only when both delegations trust the numbers does anyone talk about shares. By then the technical staff on both sides know each other by name, and that network is what keeps the treaty alive when ministers change.",
            ),
            ("h2", "The commission is the treaty"),
            (
                "p",
                "The text of a water treaty matters less than the standing commission it creates. A commission that meets every quarter, publishes its measurements and has a procedure for droughts gives both capitals something to point to when a dry year comes. Without one, every shortage becomes a crisis negotiated from scratch.",
            ),
            (
                "quote",
                (
                    "We never agreed on history. We agreed on how to read the gauge at the bridge.",
                    "A retired commission engineer",
                ),
            ),
            (
                "image",
                (
                    "A gauging station on a shared river, where both sides read the same numbers.",
                    "A concrete gauging station beside a wide river under a pale sky",
                ),
            ),
            (
                "p",
                "None of this makes water disputes easy. Dams change the balance of power, and climate change is making the old flow records less useful every decade. But the institutions built around rivers are among the few in international politics that reward patience, and they deserve more attention than they get.",
            ),
        ],
        # First published with the wrong words, then corrected (broadsheet.corrections).
        "correction": {
            "first_published_as": ("meets every quarter", "meets every month"),
            "date": "2024-03-06",
            "note": "An earlier version said the commission meets every month. It meets every quarter.",
        },
        "comments": [
            (
                "Lena",
                "lena@example.org",
                "This matches what I saw working on a basin survey. The engineers talked every week, even in the bad years.",
                [],
            ),
            (
                "Tomás",
                "",
                "Good piece. Is there a public list of these commissions somewhere? I found one at https://example.org/basins but it looks out of date.",
                [
                    (
                        "Mira Halvorsen",
                        "Not a complete one, sadly. I will put together what I have in a follow-up post.",
                    )
                ],
            ),
        ],
    },
    {
        "title": "Talks resume in Geneva, with lower expectations",
        "author": "mira-halvorsen",
        "category": "diplomacy",
        "date": "2024-03-11",
        "tags": ["geneva", "ceasefire"],
        "excerpt": "The delegations are back at the table. What each side can offer this time, and why the modest agenda may be the point.",
        "body": [
            (
                "p",
                "Delegations met again on Monday after a four-month pause, and the most striking thing about the new round is how little it promises. There is no draft framework on the table, no deadline and no talk of a summit. Instead the agenda lists three technical items: prisoner exchanges, access for aid convoys and a hotline between field commanders.",
            ),
            (
                "p",
                "Diplomats who follow the process say that modesty is deliberate. The last round collapsed because it tried to settle the final status of the contested districts before either side had shown it could keep a smaller promise. This time the mediators want a record of kept promises first.",
            ),
            ("h2", "What to watch"),
            (
                "p",
                "The first test will be the convoy schedule. If trucks move on the agreed days for a month, the mediators will have something to build on. If they do not, expect both delegations to go home again before summer.",
            ),
        ],
        "comments": [],
    },
    {
        "title": "The quiet return of the grain corridor",
        "cover": "A river gauging station seen from the bank, blue water running past its grey tower.",
        "author": "daniel-okafor",
        "category": "economy",
        "date": "2024-02-19",
        "tags": ["trade", "shipping"],
        "excerpt": "",
        "body": [
            (
                "p",
                "Shipping data for the last quarter shows bulk carriers returning to a route that most insurers had written off a year ago. The volumes are still below their old level, but the direction is clear, and it says a lot about how trade adapts to risk rather than waiting for it to end.",
            ),
            (
                "p",
                "The key change was not military but financial. A pool of insurers agreed to cover hulls on the route at a premium, backed by a guarantee fund. Once cover was available, charterers followed, and once charterers followed, ports reopened berths they had mothballed.",
            ),
            ("h2", "Prices tell the story"),
            (
                "p",
                "Freight rates on the corridor have fallen by roughly a third since the autumn. For importing countries that buy grain on thin margins, that difference decides whether bread prices rise again this year.",
            ),
        ],
        "comments": [],
    },
    {
        "title": "Energy prices and the politics of the long winter",
        "author": "daniel-okafor",
        "category": "economy",
        "date": "2024-01-22",
        "tags": ["energy"],
        "excerpt": "",
        "body": [
            (
                "p",
                "Every government that subsidised household energy bills during the price spike now faces the same problem: the subsidies are popular, expensive and hard to end. Several have announced a gradual phase-out, and the way each one does it will shape politics for years.",
            ),
            (
                "p",
                "The cleanest exits target help at the households that need it most and let prices reach everyone else. The messiest ones cap prices for all and pay the difference to suppliers, which hides the real cost until the budget can no longer carry it.",
            ),
            (
                "quote",
                (
                    "A subsidy you cannot explain is a subsidy you cannot end.",
                    "A finance ministry official",
                ),
            ),
            (
                "p",
                "Watch the winter budgets. Where governments publish the full cost of the support, the debate is usually calmer than where the cost has been parked off the books.",
            ),
        ],
        "comments": [],
    },
    {
        "title": "Border towns learn to live with the new checkpoints",
        "author": "mira-halvorsen",
        "category": "diplomacy",
        "date": "2023-12-05",
        "tags": ["borders"],
        "excerpt": "",
        "body": [
            (
                "p",
                "For the people who live on either side of the new checkpoints, the border is not a line on a map but a queue. Traders who once crossed twice a day now cross twice a week, and the market in the old town has moved to a car park on the edge of the new one.",
            ),
            (
                "p",
                "Local officials on both sides have started meeting informally to smooth things over: shared opening hours, a lane for schoolchildren, a number to call when a lorry is stuck. None of it appears in any treaty, and all of it matters more to the people who live there than anything decided in the capitals.",
            ),
        ],
        "comments": [],
    },
    {
        "title": "What the new trade pact leaves out",
        "cover": "A grey gauging tower on a green river bank under a pale sky.",
        "author": "daniel-okafor",
        "category": "economy",
        "date": "2024-03-18",
        "tags": ["trade"],
        "excerpt": "",
        "body": [
            (
                "p",
                "The trade pact signed last week cuts tariffs on thousands of goods and has been welcomed across the region. Read the annexes, though, and the exceptions tell a different story: agriculture, steel and digital services are either excluded or phased in over a decade.",
            ),
            (
                "p",
                "Those are exactly the sectors where the members compete most directly, which is why they were left out. The pact is still useful, but it is an agreement about the easy parts, and the hard negotiations have only been postponed.",
            ),
        ],
        "comments": [],
    },
]

# Running stories, each naming its posts by title (broadsheet.stories).
STORIES = [
    {
        "title": "Rivers, borders and the deals between them",
        "slug": "rivers-borders-and-deals",
        "summary": "How neighbours share water, roads and grain when they trust each other little.",
        "description": (
            "<p>From checkpoints to river commissions: the <b>practical agreements</b> that "
            "outlive the governments that sign them.</p>"
        ),
        "posts": [
            "Border towns learn to live with the new checkpoints",
            "The quiet return of the grain corridor",
            "Why river treaties outlast the governments that sign them",
            "What the new trade pact leaves out",
        ],
    },
]
