"""Web pages made up for the tests: a news page with the boilerplate real sites carry around
the article (navigation, share bar, photo credit, teasers, comments, footer), in English or
not, with metadata declared through JSON-LD, OpenGraph or not at all."""

from __future__ import annotations

import json

BODY = [
    "The city council voted on Tuesday to fund a new bridge across the Elm River, ending a "
    "debate that has run for almost ten years and divided the town's two largest districts.",
    '"This bridge will bring the north and the south of our city together," Mayor Ellen Park '
    "told reporters after the vote, adding that construction could start as early as next spring.",
    "The project is expected to cost about $45 million, according to a report by the city's "
    "planning office, which said that traffic on the old crossing had grown by 30 percent since 2015.",
    "Opponents of the plan, led by councillor David Moss, said the money would be better spent on "
    "schools. Moss said he would ask voters to decide the question in a referendum next year.",
    "Engineers from the state transport agency will review the design before the end of the month, "
    "a spokesperson for the agency said in a statement on Wednesday evening.",
]

BOILERPLATE = [
    "Share on WhatsApp", "Share on Facebook", "Photo | : | Hau Dinh, AP",
    "Most read: Ten things to do this weekend", "Sign up for our newsletter",
    "Comment by reader42: I never liked that old bridge anyway", "Copyright 2024 Riverside Herald Media Group",
]

FRENCH = [
    "Le conseil municipal a voté mardi le financement d'un nouveau pont sur la rivière, mettant fin "
    "à un débat qui durait depuis près de dix ans et qui divisait les deux plus grands quartiers de la ville.",
    "« Ce pont va réunir le nord et le sud de notre ville », a déclaré la maire Ellen Park aux "
    "journalistes après le vote, ajoutant que les travaux pourraient commencer dès le printemps prochain.",
    "Le projet devrait coûter environ 45 millions de dollars, selon un rapport du service d'urbanisme "
    "de la ville, qui indique que la circulation sur l'ancien pont a augmenté de 30 % depuis 2015.",
]


def news_page(
    headline: str = "Council approves new bridge over the Elm River",
    paragraphs: list[str] | None = None,
    head: str = "",
    lang: str = "en",
) -> str:
    """A saved news page: the article in <article>, boilerplate all around it."""
    body = "\n".join(f"<p>{p}</p>" for p in (paragraphs or BODY))
    return f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{headline} | Riverside Herald</title>
{head}
<script>window.dataLayer = [{{"said": "nobody said this in a script"}}];</script>
<style>.share {{ color: red }}</style></head>
<body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li>
<li><a href="/weather">Weather</a></li></ul></nav></header>
<div class="share-bar"><a href="#">{BOILERPLATE[0]}</a> <a href="#">{BOILERPLATE[1]}</a></div>
<main><article>
<h1>{headline}</h1>
<figure><img src="bridge.jpg" alt=""><figcaption>{BOILERPLATE[2]}</figcaption></figure>
{body}
</article>
<aside class="related"><h3>{BOILERPLATE[3]}</h3><ul><li><a href="/a">Teaser one about the bridge</a></li>
<li><a href="/b">Teaser two about the weather</a></li></ul></aside>
<section class="comments"><h3>Comments</h3><div class="comment"><p>{BOILERPLATE[5]}</p></div></section>
</main>
<div class="newsletter"><form><p>{BOILERPLATE[4]}</p><input type="email"><button>Go</button></form></div>
<footer><p>{BOILERPLATE[6]}</p><a href="/privacy">Privacy</a></footer>
</body></html>
"""


def json_ld(**fields: object) -> str:
    data = {"@context": "https://schema.org", "@type": "NewsArticle", **fields}
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def opengraph(**fields: str) -> str:
    return "\n".join(f'<meta property="{k.replace("_", ":", 1)}" content="{v}">' for k, v in fields.items())


NO_ARTICLE_PAGE = """<!doctype html><html lang="en"><head><title>Riverside Herald</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<script>renderApp()</script><footer><a href="/privacy">Privacy</a></footer></body></html>
"""
