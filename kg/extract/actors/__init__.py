"""Actors of one article: named entities plus rules, one actor per real-world entity.

Steps, one module each:
1. `mentions`: spaCy entities (PERSON, ORG, GPE, LOC, FAC, EVENT, plural NORP) and
   capitalised runs ending in an organisation word ("Internet Affairs Bureau"), cleaned of
   "the", "'s", honorifics and titles, and filtered ("Tuesday", "Internet" are never actors);
2. `clusters`: mentions of one entity merged ("Liu" -> "Liu Zhengrong", "US" -> "United
   States", "the Post" -> "the New York Post", acronyms);
3. `roles`: roles and affiliations from appositions and titles ("Liu Zhengrong, deputy
   director general of the Internet Affairs Bureau ..."; "Prime Minister Tony Blair");
4. `resolution`: the mentions asked for (speakers, intermediaries, audiences), resolved in
   text order: entity -> pronoun ("he" -> the person in focus) -> proper name -> description
   ("the Chinese official", "the Internet giant", "a top official" said before the name) ->
   a new actor named by the description ("sources");
   (`describe`: descriptions as names; `speaking_for`: reports and spokespeople -> the
   organisation; `plural`: "both companies" -> a group of the actors it stands for);
5. `linking`: the steps in order, and the resulting `ActorTable`.
The word lists live in data/actors_* (`lexicon`).
"""

from __future__ import annotations

from kg.extract.actors.linking import ActorTable, link_actors

__all__ = ["ActorTable", "link_actors"]
