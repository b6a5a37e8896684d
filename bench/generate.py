"""Deterministic, realistic German offer documents for the search engine benchmark and its tests.

``generate_offers(n, seed)`` yields plain dicts in the shape ``teilhabe.search.SearchIndex`` indexes (see
``teilhabe.search.documents.OfferDocument``): integration offers across the 53 Kreise and kreisfreie Städte of NRW,
placed around real Gemeinde centres (weighted by population), with the registry's taxonomy keys, languages and
organisation kinds. The vocabulary is shaped for the benchmark's query kinds:

* common words: "Beratung" (and its family Berater, Beratungen …) in about 40 % of the offers, "Deutsch", "Kinder",
  "Frauen", "Kurs" in 10–30 %;
* rare words: each of ``RARE_WORDS`` in roughly 0.02 % of the offers;
* umlauts and ß: Köln, Düsseldorf, Übersetzung, Mütter, Fachkräfte, Geflüchtete, Führerschein, Straße …;
* translations (English, Turkish, Arabic, Ukrainian) for about one offer in ten.

Pure Python and fast: about 10 µs per offer, one million in well under a minute. The same ``(n, seed)`` always gives
the same documents, ids included; ``generate_offers(n, seed)`` is a prefix of ``generate_offers(n + k, seed)``.

Run ``python bench/generate.py 5`` to print five offers as JSON.
"""

from __future__ import annotations

import bisect
import itertools
import json
import random
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

#: kreis key | Kreis name | Kreis population (thousands) | AGS | Gemeinde | population (thousands) | lat | lon.
#: The (up to) four largest Gemeinden of every Kreis, from Destatis GV100AD 30.11.2025 (teilhabe/geo/data).
_KREIS_TABLE = """
05111|Düsseldorf|619|05111000|Düsseldorf|619|51.2355|6.8103
05112|Duisburg|502|05112000|Duisburg|502|51.4397|6.7347
05113|Essen|575|05113000|Essen|575|51.4338|7.0171
05114|Krefeld|231|05114000|Krefeld|231|51.3450|6.5798
05116|Mönchengladbach|267|05116000|Mönchengladbach|267|51.1673|6.4120
05117|Mülheim an der Ruhr|173|05117000|Mülheim an der Ruhr|173|51.4137|6.8783
05119|Oberhausen|214|05119000|Oberhausen|214|51.5131|6.8471
05120|Remscheid|114|05120000|Remscheid|114|51.1827|7.2239
05122|Solingen|166|05122000|Solingen|166|51.1625|7.0664
05124|Wuppertal|358|05124000|Wuppertal|358|51.2508|7.1689
05154|Kleve|322|05154036|Kleve|53|51.8030|6.1249
05154|Kleve|322|05154012|Geldern|35|51.5185|6.3105
05154|Kleve|322|05154016|Goch|35|51.6955|6.1236
05154|Kleve|322|05154008|Emmerich am Rhein|32|51.8501|6.2485
05158|Mettmann|491|05158028|Ratingen|89|51.3147|6.8760
05158|Mettmann|491|05158032|Velbert|82|51.3374|7.0882
05158|Mettmann|491|05158020|Langenfeld (Rheinland)|60|51.1110|6.9570
05158|Mettmann|491|05158016|Hilden|55|51.1707|6.9382
05162|Rhein-Kreis Neuss|457|05162024|Neuss|154|51.1735|6.7017
05162|Rhein-Kreis Neuss|457|05162008|Grevenbroich|66|51.0882|6.6083
05162|Rhein-Kreis Neuss|457|05162004|Dormagen|64|51.1045|6.7953
05162|Rhein-Kreis Neuss|457|05162022|Meerbusch|57|51.2821|6.6700
05166|Viersen|298|05166032|Viersen|78|51.2629|6.3616
05166|Viersen|298|05166036|Willich|49|51.2624|6.5188
05166|Viersen|298|05166016|Nettetal|42|51.3164|6.2503
05166|Viersen|298|05166012|Kempen|34|51.3785|6.4376
05170|Wesel|458|05170024|Moers|102|51.4529|6.6203
05170|Wesel|458|05170008|Dinslaken|67|51.5720|6.7755
05170|Wesel|458|05170048|Wesel|61|51.6697|6.5812
05170|Wesel|458|05170020|Kamp-Lintfort|38|51.5158|6.5202
05314|Bonn|323|05314000|Bonn|323|50.7058|7.1098
05315|Köln|1025|05315000|Köln|1025|50.9456|6.9738
05316|Leverkusen|169|05316000|Leverkusen|169|51.0531|7.0152
05334|Städteregion Aachen|582|05334002|Aachen|263|50.7600|6.1090
05334|Städteregion Aachen|582|05334032|Stolberg (Rhld.)|58|50.7465|6.2631
05334|Städteregion Aachen|582|05334012|Eschweiler|58|50.8283|6.2694
05334|Städteregion Aachen|582|05334004|Alsdorf|49|50.8684|6.1756
05358|Düren|279|05358008|Düren|95|50.8033|6.4611
05358|Düren|279|05358024|Jülich|35|50.9283|6.3687
05358|Düren|279|05358028|Kreuzau|18|50.7325|6.4908
05358|Düren|279|05358048|Niederzier|15|50.8931|6.4749
05362|Rhein-Erft-Kreis|478|05362032|Kerpen|67|50.8746|6.6698
05362|Rhein-Erft-Kreis|478|05362028|Hürth|62|50.8738|6.8588
05362|Rhein-Erft-Kreis|478|05362008|Bergheim|62|50.9678|6.6741
05362|Rhein-Erft-Kreis|478|05362036|Pulheim|56|51.0001|6.7844
05366|Euskirchen|203|05366016|Euskirchen|60|50.6367|6.8155
05366|Euskirchen|203|05366028|Mechernich|29|50.5912|6.6476
05366|Euskirchen|203|05366044|Zülpich|22|50.6866|6.6680
05366|Euskirchen|203|05366040|Weilerswist|19|50.7318|6.8385
05370|Heinsberg|264|05370004|Erkelenz|45|51.0678|6.3391
05370|Heinsberg|264|05370016|Heinsberg|43|51.0505|6.1119
05370|Heinsberg|264|05370020|Hückelhoven|41|51.0432|6.2309
05370|Heinsberg|264|05370012|Geilenkirchen|28|50.9733|6.1311
05374|Oberbergischer Kreis|274|05374012|Gummersbach|51|51.0294|7.5682
05374|Oberbergischer Kreis|274|05374048|Wiehl|25|50.9577|7.5301
05374|Oberbergischer Kreis|274|05374020|Lindlar|22|51.0247|7.3628
05374|Oberbergischer Kreis|274|05374052|Wipperfürth|22|51.1120|7.4021
05378|Rheinisch-Bergischer Kreis|284|05378004|Bergisch Gladbach|111|50.9790|7.1547
05378|Rheinisch-Bergischer Kreis|284|05378032|Wermelskirchen|34|51.1118|7.2178
05378|Rheinisch-Bergischer Kreis|284|05378028|Rösrath|29|50.9060|7.1835
05378|Rheinisch-Bergischer Kreis|284|05378016|Leichlingen (Rheinland)|28|51.1119|7.0582
05382|Rhein-Sieg-Kreis|605|05382068|Troisdorf|76|50.8219|7.1421
05382|Rhein-Sieg-Kreis|605|05382056|Sankt Augustin|57|50.7714|7.1898
05382|Rhein-Sieg-Kreis|605|05382012|Bornheim|48|50.7682|6.9551
05382|Rhein-Sieg-Kreis|605|05382020|Hennef (Sieg)|48|50.7558|7.3295
05512|Bottrop|119|05512000|Bottrop|119|51.5717|6.9202
05513|Gelsenkirchen|268|05513000|Gelsenkirchen|268|51.5540|7.0709
05515|Münster|308|05515000|Münster|308|51.9543|7.6237
05554|Borken|381|05554008|Bocholt|73|51.8536|6.6007
05554|Borken|381|05554020|Gronau (Westf.)|51|52.1899|7.0341
05554|Borken|381|05554012|Borken|43|51.8523|6.8316
05554|Borken|381|05554004|Ahaus|40|52.0978|6.9630
05558|Coesfeld|228|05558016|Dülmen|48|51.8472|7.2892
05558|Coesfeld|228|05558012|Coesfeld|38|51.9174|7.1526
05558|Coesfeld|228|05558024|Lüdinghausen|25|51.7741|7.4159
05558|Coesfeld|228|05558044|Senden|21|51.8612|7.5006
05562|Recklinghausen|621|05562032|Recklinghausen|115|51.6047|7.2133
05562|Recklinghausen|621|05562024|Marl|87|51.6673|7.1105
05562|Recklinghausen|621|05562014|Gladbeck|75|51.5724|6.9792
05562|Recklinghausen|621|05562012|Dorsten|75|51.7133|6.9900
05566|Steinfurt|452|05566076|Rheine|77|52.2635|7.4746
05566|Steinfurt|452|05566028|Ibbenbüren|52|52.2778|7.7081
05566|Steinfurt|452|05566012|Greven|38|52.0951|7.6336
05566|Steinfurt|452|05566008|Emsdetten|36|52.1735|7.5228
05570|Warendorf|283|05570004|Ahlen|53|51.7681|7.8982
05570|Warendorf|283|05570052|Warendorf|38|51.9475|7.9584
05570|Warendorf|283|05570008|Beckum|37|51.7606|8.0469
05570|Warendorf|283|05570028|Oelde|30|51.8182|8.1669
05711|Bielefeld|332|05711000|Bielefeld|332|52.0109|8.5409
05754|Gütersloh|364|05754008|Gütersloh|100|51.9174|8.3931
05754|Gütersloh|364|05754028|Rheda-Wiedenbrück|48|51.8388|8.3058
05754|Gütersloh|364|05754032|Rietberg|30|51.8021|8.4229
05754|Gütersloh|364|05754036|Schloß Holte-Stukenbrock|26|51.8899|8.6482
05758|Herford|254|05758012|Herford|68|52.1140|8.6627
05758|Herford|254|05758004|Bünde|46|52.2068|8.5653
05758|Herford|254|05758024|Löhne|41|52.1992|8.7224
05758|Herford|254|05758008|Enger|21|52.1387|8.5538
05762|Höxter|139|05762020|Höxter|28|51.7865|9.3446
05762|Höxter|139|05762036|Warburg|23|51.5135|9.0923
05762|Höxter|139|05762004|Bad Driburg|19|51.7218|9.0382
05762|Höxter|139|05762016|Brakel|16|51.7096|9.1798
05766|Lippe|347|05766020|Detmold|74|51.9327|8.8820
05766|Lippe|347|05766008|Bad Salzuflen|54|52.0717|8.7606
05766|Lippe|347|05766044|Lemgo|40|52.0337|8.9019
05766|Lippe|347|05766040|Lage|35|51.9823|8.7775
05770|Minden-Lübbecke|321|05770024|Minden|84|52.3006|8.8982
05770|Minden-Lübbecke|321|05770004|Bad Oeynhausen|51|52.2233|8.7992
05770|Minden-Lübbecke|321|05770032|Porta Westfalica|37|52.2238|8.9520
05770|Minden-Lübbecke|321|05770020|Lübbecke|27|52.3097|8.6214
05774|Paderborn|316|05774032|Paderborn|156|51.7303|8.7544
05774|Paderborn|316|05774020|Delbrück|32|51.7655|8.5409
05774|Paderborn|316|05774036|Salzkotten|25|51.6745|8.6021
05774|Paderborn|316|05774016|Büren|22|51.5550|8.5845
05911|Bochum|359|05911000|Bochum|359|51.4699|7.2246
05913|Dortmund|603|05913000|Dortmund|603|51.5159|7.4753
05914|Hagen|190|05914000|Hagen|190|51.3483|7.4972
05915|Hamm|180|05915000|Hamm|180|51.6654|7.8241
05916|Herne|156|05916000|Herne|156|51.5375|7.2084
05954|Ennepe-Ruhr-Kreis|314|05954036|Witten|92|51.4272|7.3309
05954|Ennepe-Ruhr-Kreis|314|05954016|Hattingen|53|51.3758|7.1855
05954|Ennepe-Ruhr-Kreis|314|05954012|Gevelsberg|30|51.3336|7.3403
05954|Ennepe-Ruhr-Kreis|314|05954008|Ennepetal|29|51.2827|7.3656
05958|Hochsauerlandkreis|261|05958004|Arnsberg|75|51.4183|8.0222
05958|Hochsauerlandkreis|261|05958032|Meschede|30|51.3381|8.2477
05958|Hochsauerlandkreis|261|05958044|Sundern (Sauerland)|28|51.3106|8.0058
05958|Hochsauerlandkreis|261|05958012|Brilon|25|51.4081|8.6040
05962|Märkischer Kreis|408|05962024|Iserlohn|92|51.3869|7.6696
05962|Märkischer Kreis|408|05962032|Lüdenscheid|71|51.2130|7.6390
05962|Märkischer Kreis|408|05962040|Menden (Sauerland)|52|51.4372|7.8030
05962|Märkischer Kreis|408|05962016|Hemer|35|51.3680|7.7771
05966|Olpe|132|05966024|Olpe|25|51.0395|7.8862
05966|Olpe|132|05966020|Lennestadt|24|51.1278|8.0789
05966|Olpe|132|05966004|Attendorn|24|51.1211|7.8978
05966|Olpe|132|05966028|Wenden|19|50.9630|7.8633
05970|Siegen-Wittgenstein|274|05970040|Siegen|103|50.8810|8.0115
05970|Siegen-Wittgenstein|274|05970024|Kreuztal|31|50.9814|7.9859
05970|Siegen-Wittgenstein|274|05970032|Netphen|23|50.9087|8.1607
05970|Siegen-Wittgenstein|274|05970044|Wilnsdorf|20|50.8306|8.1152
05974|Soest|300|05974028|Lippstadt|69|51.6772|8.3519
05974|Soest|300|05974040|Soest|48|51.5656|8.0860
05974|Soest|300|05974052|Werl|30|51.5562|7.9089
05974|Soest|300|05974044|Warstein|25|51.4535|8.2988
05978|Unna|394|05978024|Lünen|86|51.6110|7.5079
05978|Unna|394|05978036|Unna|58|51.5386|7.7288
05978|Unna|394|05978004|Bergkamen|49|51.6231|7.6307
05978|Unna|394|05978028|Schwerte|46|51.4302|7.5767
"""

TOPICS: dict[str, str] = {
    "sprache": "Sprache und Deutschkurse",
    "bildung": "Bildung und Schule",
    "arbeit": "Arbeit und Beruf",
    "gesundheit": "Gesundheit",
    "wohnen": "Wohnen",
    "beratung": "Beratung",
    "kinder-familie": "Kinder und Familie",
    "teilhabe": "Teilhabe und Engagement",
    "antidiskriminierung": "Antidiskriminierung",
    "rechtsextremismus": "Prävention von Rechtsextremismus und Rassismus",
    "sport-kultur": "Sport und Kultur",
    "recht-aufenthalt": "Recht und Aufenthalt",
}
TARGET_GROUPS = [
    "gefluechtete",
    "neuzugewanderte",
    "frauen",
    "kinder",
    "jugendliche",
    "eltern",
    "senioren",
    "fachkraefte",
    "ehrenamtliche",
    "behinderung",
    "lsbtiq",
    "alle",
]
ORGANISATION_KINDS = [
    "migrantenorganisation",
    "wohlfahrtspflege",
    "kommunales_amt",
    "ki",
    "bildungstraeger",
    "verein",
    "religionsgemeinschaft",
    "sonstige",
]
#: (language codes, weight): German nearly always, then the languages of the larger communities.
LANGUAGE_SETS: list[tuple[tuple[str, ...], int]] = [
    (("de",), 30),
    (("de", "ar"), 10),
    (("de", "tr"), 10),
    (("de", "uk", "ru"), 8),
    (("de", "en"), 10),
    (("de", "fa"), 4),
    (("de", "ar", "fa"), 4),
    (("de", "en", "fr"), 4),
    (("de", "tr", "ku"), 3),
    (("de", "pl"), 3),
    (("de", "ro", "bg"), 3),
    (("de", "ti", "am"), 1),
    (("de", "en", "ar", "tr", "uk"), 3),
    (("uk", "ru"), 2),
    (("ar",), 1),
    (("de", "sq", "sr", "bs"), 1),
]
#: (title, first sentence of the description, topic keys, target groups, English title).
OFFER_PATTERNS: list[tuple[str, str, tuple[str, ...], tuple[str, ...], str]] = [
    (
        "Deutschkurs für Anfängerinnen und Anfänger",
        "Deutsch lernen von Anfang an in kleinen Gruppen.",
        ("sprache",),
        ("neuzugewanderte", "alle"),
        "German course for beginners",
    ),
    (
        "Deutschkurs am Vormittag",
        "Deutsch lernen am Vormittag, mit Kinderbetreuung im Nebenraum.",
        ("sprache",),
        ("eltern", "neuzugewanderte"),
        "Morning German course",
    ),
    (
        "Integrationskurs mit Alphabetisierung",
        "Integrationskurs mit Alphabetisierung und Orientierungskurs.",
        ("sprache", "bildung"),
        ("neuzugewanderte",),
        "Integration course with literacy",
    ),
    (
        "Integrationskurs",
        "Integrationskurs mit Sprachkurs und Orientierungskurs, Abschluss mit Prüfung.",
        ("sprache",),
        ("neuzugewanderte",),
        "Integration course",
    ),
    (
        "Sprachcafé",
        "Offener Treffpunkt zum Deutschsprechen bei Kaffee und Tee.",
        ("sprache", "teilhabe"),
        ("alle", "ehrenamtliche"),
        "Language café",
    ),
    (
        "Migrationsberatung für Erwachsene",
        "Beratung für Zugewanderte zu Aufenthalt, Arbeit, Wohnen und Sprache.",
        ("beratung", "recht-aufenthalt"),
        ("neuzugewanderte",),
        "Migration counselling for adults",
    ),
    (
        "Jugendmigrationsdienst",
        "Beratung und Begleitung für junge Menschen zwischen 12 und 27 Jahren.",
        ("beratung", "bildung", "arbeit"),
        ("jugendliche",),
        "Youth migration service",
    ),
    (
        "Elterncafé",
        "Austausch für Eltern zu Kita, Schule und Erziehung.",
        ("kinder-familie", "bildung"),
        ("eltern",),
        "Parents' café",
    ),
    (
        "Hausaufgabenhilfe",
        "Ehrenamtliche helfen Kindern bei den Hausaufgaben und beim Lesen.",
        ("bildung", "kinder-familie"),
        ("kinder",),
        "Homework help",
    ),
    (
        "Beratung gegen Rechtsextremismus",
        "Mobile Beratung für Betroffene, Schulen und Vereine.",
        ("rechtsextremismus", "beratung"),
        ("alle",),
        "Counselling against right-wing extremism",
    ),
    (
        "Antidiskriminierungsberatung",
        "Unabhängige Beratung bei Diskriminierung am Arbeitsplatz und bei Behörden.",
        ("antidiskriminierung", "beratung"),
        ("alle",),
        "Anti-discrimination counselling",
    ),
    (
        "Bewerbungstraining",
        "Lebenslauf, Anschreiben und Vorstellungsgespräch üben.",
        ("arbeit",),
        ("fachkraefte", "neuzugewanderte"),
        "Job application training",
    ),
    (
        "Anerkennungsberatung",
        "Beratung zur Anerkennung ausländischer Berufsabschlüsse.",
        ("arbeit", "beratung"),
        ("fachkraefte",),
        "Advice on the recognition of qualifications",
    ),
    (
        "Frauentreff international",
        "Treffpunkt für Frauen aller Herkunftsländer mit Ausflügen und Kursen.",
        ("teilhabe",),
        ("frauen",),
        "International women's meeting",
    ),
    (
        "Gesundheitslotsinnen",
        "Lotsinnen begleiten zu Ärztinnen und Ärzten und erklären das Gesundheitssystem.",
        ("gesundheit",),
        ("neuzugewanderte", "frauen"),
        "Health guides",
    ),
    (
        "Wohnungssuche leicht gemacht",
        "Hilfe bei der Wohnungssuche, bei Mietverträgen und Nebenkosten.",
        ("wohnen",),
        ("gefluechtete",),
        "Finding a flat made easy",
    ),
    (
        "Fußball für alle",
        "Offenes Fußballtraining für Kinder und Jugendliche.",
        ("sport-kultur", "teilhabe"),
        ("kinder", "jugendliche"),
        "Football for everyone",
    ),
    (
        "Interkulturelles Theaterprojekt",
        "Jugendliche entwickeln gemeinsam ein Theaterstück über Heimat.",
        ("sport-kultur", "teilhabe"),
        ("jugendliche",),
        "Intercultural theatre project",
    ),
    (
        "Asylverfahrensberatung",
        "Unabhängige Beratung zum Asylverfahren, zur Anhörung und zum Bescheid.",
        ("recht-aufenthalt", "beratung"),
        ("gefluechtete",),
        "Asylum procedure counselling",
    ),
    (
        "Patenschaftsprogramm Ankommen",
        "Ehrenamtliche Patinnen und Paten begleiten Neuzugewanderte.",
        ("teilhabe",),
        ("neuzugewanderte", "ehrenamtliche"),
        "Mentoring programme",
    ),
    (
        "Seniorentreff international",
        "Begegnung und Austausch für ältere Menschen mit Migrationsgeschichte.",
        ("teilhabe", "gesundheit"),
        ("senioren",),
        "International seniors' meeting",
    ),
    (
        "Queere Beratung für Geflüchtete",
        "Vertrauliche Beratung und Gruppentreffen.",
        ("beratung", "antidiskriminierung"),
        ("lsbtiq", "gefluechtete"),
        "Queer counselling for refugees",
    ),
    (
        "Workshop Demokratie leben",
        "Workshops an Schulen zu Demokratie, Vielfalt und Zivilcourage.",
        ("rechtsextremismus", "bildung"),
        ("jugendliche",),
        "Workshop living democracy",
    ),
    (
        "Übersetzung und Begleitung",
        "Übersetzung von Briefen und Begleitung zu Behörden und Arztpraxen.",
        ("teilhabe",),
        ("alle",),
        "Translation and accompaniment",
    ),
    (
        "Dolmetscherdienst",
        "Dolmetscherinnen und Dolmetscher begleiten zu Behörden und Schulen.",
        ("teilhabe",),
        ("alle",),
        "Interpreting service",
    ),
    (
        "Mütter lernen Deutsch",
        "Deutschkurs für Mütter, parallel Betreuung für Kinder unter drei Jahren.",
        ("sprache", "kinder-familie"),
        ("frauen", "eltern"),
        "Mothers learn German",
    ),
    (
        "Berufssprachkurs B2",
        "Deutsch für den Beruf mit Fachsprache für Pflege, Handwerk und Büro.",
        ("sprache", "arbeit"),
        ("fachkraefte",),
        "Job-related German course B2",
    ),
    (
        "Nähcafé",
        "Gemeinsam nähen, reparieren und ins Gespräch kommen.",
        ("teilhabe", "sport-kultur"),
        ("frauen", "alle"),
        "Sewing café",
    ),
    (
        "Fahrradkurs für Frauen",
        "Radfahren lernen im geschützten Raum, Fahrräder werden gestellt.",
        ("sport-kultur", "teilhabe"),
        ("frauen",),
        "Cycling course for women",
    ),
    (
        "Schwimmkurs für Kinder",
        "Schwimmen lernen in kleinen Gruppen mit erfahrenen Trainerinnen.",
        ("sport-kultur",),
        ("kinder",),
        "Swimming course for children",
    ),
    (
        "Führerschein-Vorbereitung",
        "Theorieunterricht für den Führerschein mit Erklärungen in mehreren Sprachen.",
        ("bildung", "arbeit"),
        ("neuzugewanderte", "jugendliche"),
        "Driving licence preparation",
    ),
    (
        "Frühstück für Mütter",
        "Gemeinsames Frühstück für Mütter mit kleinen Kindern.",
        ("kinder-familie",),
        ("frauen", "eltern"),
        "Breakfast for mothers",
    ),
    (
        "Gemeinschaftsgarten",
        "Gemüse anbauen, ernten und kochen im interkulturellen Garten.",
        ("teilhabe",),
        ("alle",),
        "Community garden",
    ),
    (
        "Sozialberatung",
        "Beratung zu Bürgergeld, Kindergeld, Wohngeld und Anträgen.",
        ("beratung",),
        ("alle", "gefluechtete"),
        "Social counselling",
    ),
    (
        "Familienberatung",
        "Beratung für Familien in schwierigen Lebenslagen.",
        ("beratung", "kinder-familie"),
        ("eltern",),
        "Family counselling",
    ),
    (
        "Ausbildungsbörse",
        "Betriebe stellen Ausbildungsplätze vor, Beratung zu Bewerbung und Berufswahl.",
        ("arbeit", "bildung"),
        ("jugendliche",),
        "Apprenticeship fair",
    ),
    (
        "Computerkurs für Seniorinnen und Senioren",
        "Smartphone, E-Mail und Videotelefonie verständlich erklärt.",
        ("bildung",),
        ("senioren",),
        "Computer course for seniors",
    ),
    (
        "Rechtsberatung im Aufenthaltsrecht",
        "Kostenlose Rechtsberatung durch Anwältinnen und Anwälte.",
        ("recht-aufenthalt", "beratung"),
        ("gefluechtete", "neuzugewanderte"),
        "Legal advice on residence law",
    ),
    (
        "Kochtreff der Kulturen",
        "Gemeinsam kochen und essen, Rezepte aus aller Welt.",
        ("teilhabe", "sport-kultur"),
        ("alle",),
        "Intercultural cooking",
    ),
    (
        "Ehrenamtsbörse",
        "Engagement vermitteln: Ehrenamtliche finden passende Aufgaben.",
        ("teilhabe",),
        ("ehrenamtliche",),
        "Volunteering exchange",
    ),
    (
        "Mädchentreff",
        "Offener Treff für Mädchen mit Ausflügen, Sport und Hausaufgabenhilfe.",
        ("kinder-familie", "sport-kultur"),
        ("kinder", "jugendliche"),
        "Girls' meeting point",
    ),
    (
        "Inklusive Freizeitgruppe",
        "Freizeit für Menschen mit und ohne Behinderung.",
        ("teilhabe", "gesundheit"),
        ("behinderung",),
        "Inclusive leisure group",
    ),
]
TITLE_SUFFIXES: list[tuple[str, int]] = [
    ("", 50),
    (" in {place}", 20),
    (" am Abend", 5),
    (" am Wochenende", 5),
    (" für Frauen", 4),
    (" für Mütter und Väter", 3),
    (" online und vor Ort", 5),
    (" im Stadtteil", 5),
    (" – Neustart", 3),
]
#: Sentences added to descriptions; the share of "Beratung" is tuned so that the family is in ~40 % of offers.
SENTENCES: list[tuple[str, int]] = [
    ("Eine Anmeldung ist nicht erforderlich.", 10),
    ("Bitte melden Sie sich vorher telefonisch an.", 10),
    ("Das Angebot ist kostenlos.", 12),
    ("Kinderbetreuung ist während des Kurses möglich.", 6),
    ("Wir bieten auch Beratung in mehreren Sprachen an.", 5),
    ("Im Anschluss gibt es eine offene Beratung.", 4),
    ("Die Beratung ist vertraulich und kostenlos.", 3),
    ("Berater und Beraterinnen sprechen Arabisch, Türkisch und Ukrainisch.", 2),
    ("Gruppen mit höchstens zwölf Teilnehmenden.", 6),
    ("Ehrenamtliche unterstützen das Team.", 6),
    ("Gefördert vom Land Nordrhein-Westfalen.", 8),
    ("Die Räume sind barrierefrei erreichbar.", 6),
    ("Eltern mit Kindern sind herzlich willkommen.", 5),
    ("Frauen und Mädchen sind besonders eingeladen.", 5),
    ("Auch Geflüchtete ohne Sprachkenntnisse können teilnehmen.", 4),
    ("Fachkräfte aus dem Ausland erhalten Unterstützung bei der Anerkennung.", 3),
    ("Übersetzung in andere Sprachen ist nach Absprache möglich.", 4),
    ("Der Kurs findet zweimal pro Woche statt.", 6),
    ("Ein neuer Kurs beginnt jeden Monat.", 4),
    ("Treffpunkt ist das Bürgerzentrum.", 4),
    ("Für Mütter mit Babys gibt es einen Stillraum.", 2),
    ("Kaffee, Tee und Gebäck stehen bereit.", 4),
    ("Die Gruppe trifft sich in den Schulferien nicht.", 3),
    ("Informationen zu Sprachkursen und Deutsch im Beruf.", 4),
]
#: Rare words: each in roughly 0.02 % of the offers (one offer in nine gets one of them).
RARE_WORDS: list[str] = [
    "Alphabetisierung",
    "Zivilcourage",
    "Anpassungsqualifizierung",
    "Traumapädagogik",
    "Lotsinnenprojekt",
    "Schuldnerberatung",
    "Kulturdolmetscher",
    "Nähwerkstatt",
    "Fahrradwerkstatt",
    "Theaterwerkstatt",
    "Schreibwerkstatt",
    "Repaircafé",
    "Erzählcafé",
    "Leseclub",
    "Mentoringprogramm",
    "Willkommenslotsen",
    "Stadtteilmütter",
    "Integrationslotsen",
    "Bildungspatenschaft",
    "Ferienfreizeit",
    "Sprachpatenschaft",
    "Empowermentworkshop",
    "Gebärdensprache",
    "Brailleschrift",
    "Impfberatung",
    "Hebammensprechstunde",
    "Kinderschutz",
    "Mediationsverfahren",
    "Konfliktlotsen",
    "Demokratiewerkstatt",
    "Erinnerungskultur",
    "Gedenkstättenfahrt",
    "Stolpersteine",
    "Fotowerkstatt",
    "Podcastprojekt",
    "Trommelgruppe",
    "Tanzworkshop",
    "Schachclub",
    "Imkerei",
    "Kräutergarten",
    "Upcycling",
    "Klimawerkstatt",
    "Energiesparberatung",
    "Mietschuldenberatung",
    "Einbürgerungstest",
    "Staatsangehörigkeit",
    "Familiennachzug",
    "Duldung",
    "Härtefallkommission",
    "Abschiebungshaft",
    "Kirchenasyl",
    "Arbeitsmarktzugang",
    "Existenzgründung",
    "Gründungsberatung",
    "Meisterschule",
    "Pflegeausbildung",
    "Erzieherausbildung",
    "Berufsanerkennung",
    "Kenntnisprüfung",
    "Fachsprachprüfung",
    "Approbation",
    "Zeugnisbewertung",
    "Studienkolleg",
    "Hochschulzugang",
    "Bafögberatung",
    "Stipendienprogramm",
    "Übergangsmanagement",
    "Schulsozialarbeit",
    "Seiteneinsteiger",
    "Herkunftssprachenunterricht",
    "Elternlotsen",
    "Rucksackprogramm",
    "Griffbereit",
    "Kitaeinstieg",
    "Hippy-Programm",
    "Opstapje",
    "Frühförderung",
    "Sprachstandserhebung",
    "Legasthenie",
    "Dyskalkulie",
    "Suchtprävention",
    "Glücksspielsucht",
    "Psychosoziale",
    "Traumatherapie",
    "Selbsthilfegruppe",
    "Genitalverstümmelung",
    "Zwangsheirat",
    "Frauenhaus",
    "Gewaltschutz",
    "Täterarbeit",
    "Männerberatung",
    "Väterarbeit",
    "Großelterndienst",
    "Demenzberatung",
    "Pflegestützpunkt",
    "Hospizbegleitung",
    "Trauercafé",
]
STREETS = [
    "Hauptstraße",
    "Bahnhofstraße",
    "Kirchstraße",
    "Schulstraße",
    "Marktplatz",
    "Gartenstraße",
    "Lindenallee",
    "Am Rathaus",
    "Friedrichstraße",
    "Bergstraße",
    "Ringstraße",
    "Mühlenweg",
    "Jahnstraße",
    "Goethestraße",
    "Schillerstraße",
    "Kölner Straße",
    "Düsseldorfer Straße",
    "Königsallee",
    "Münsterstraße",
    "Grüner Weg",
]
ORGANISATIONS: list[tuple[str, str, int]] = [
    ("Caritasverband für {place} e.V.", "wohlfahrtspflege", 8),
    ("AWO Kreisverband {place} e.V.", "wohlfahrtspflege", 8),
    ("Diakonisches Werk {place}", "wohlfahrtspflege", 7),
    ("DRK-Kreisverband {place} e.V.", "wohlfahrtspflege", 5),
    ("Der Paritätische {place}", "wohlfahrtspflege", 4),
    ("Türkisch-Deutscher Elternverein {place} e.V.", "migrantenorganisation", 4),
    ("Ukrainischer Verein {place} e.V.", "migrantenorganisation", 3),
    ("Syrisch-Deutscher Kulturverein {place}", "migrantenorganisation", 3),
    ("Afrikanisches Netzwerk {place} e.V.", "migrantenorganisation", 2),
    ("Polnischer Sozialrat {place}", "migrantenorganisation", 2),
    ("Griechische Gemeinde {place} e.V.", "migrantenorganisation", 2),
    ("Internationales Frauencafé {place} e.V.", "migrantenorganisation", 2),
    ("Volkshochschule {place}", "bildungstraeger", 8),
    ("Bildungswerk {place} gGmbH", "bildungstraeger", 4),
    ("Kommunales Integrationszentrum {place}", "ki", 5),
    ("Amt für Integration und Vielfalt {place}", "kommunales_amt", 3),
    ("Jugendamt {place}", "kommunales_amt", 2),
    ("Initiative Willkommen in {place}", "verein", 5),
    ("Sportverein Eintracht {place} e.V.", "verein", 3),
    ("Nachbarschaftshilfe {place} e.V.", "verein", 3),
    ("DITIB-Gemeinde {place}", "religionsgemeinschaft", 2),
    ("Evangelische Kirchengemeinde {place}", "religionsgemeinschaft", 3),
    ("Katholische Pfarrgemeinde {place}", "religionsgemeinschaft", 2),
    ("Stiftung Zusammenleben {place}", "sonstige", 1),
]
TRANSLATIONS: dict[str, dict[str, str]] = {
    "tr": {"title": "Danışmanlık ve destek", "description": "Ücretsiz danışmanlık, Almanca kursları ve refakat."},
    "ar": {"title": "استشارة ودعم", "description": "استشارة مجانية ودورات لغة ألمانية ومرافقة."},
    "uk": {"title": "Консультація та підтримка", "description": "Безкоштовна консультація, курси німецької мови."},
}
#: Spread of an offer's place around its Gemeinde centre, in degrees (about 2.8 km north-south, 2.8 km east-west).
SPREAD_LAT = 0.025
SPREAD_LON = 0.04


@dataclass(frozen=True)
class Gemeinde:
    kreis_key: str
    kreis_name: str
    ags: str
    name: str
    lat: float
    lon: float


def _gemeinden() -> tuple[list[Gemeinde], list[float], dict[str, list[Gemeinde]]]:
    """Every Gemeinde of the table with its cumulative weight (Kreis population spread over its Gemeinden)."""
    rows = [line.split("|") for line in _KREIS_TABLE.strip().splitlines()]
    per_kreis: dict[str, list[Gemeinde]] = {}
    weights: list[float] = []
    gemeinden: list[Gemeinde] = []
    kreis_pop: dict[str, float] = {}
    gem_pop: dict[str, float] = {}
    for key, kname, kpop, ags, gname, gpop, lat, lon in (r for r in rows if len(r) == 8):
        g = Gemeinde(key.strip(), kname, ags, gname, float(lat), float(lon))
        gemeinden.append(g)
        per_kreis.setdefault(g.kreis_key, []).append(g)
        kreis_pop[g.kreis_key] = float(kpop)
        gem_pop[ags] = float(gpop)
    for g in gemeinden:
        share = gem_pop[g.ags] / sum(gem_pop[o.ags] for o in per_kreis[g.kreis_key])
        weights.append(kreis_pop[g.kreis_key] * share)
    return gemeinden, list(itertools.accumulate(weights)), per_kreis


GEMEINDEN, _GEMEINDE_CUM, GEMEINDEN_BY_KREIS = _gemeinden()
KREIS_KEYS = sorted(GEMEINDEN_BY_KREIS)


def _cumulative(weighted: list[tuple[Any, int]]) -> tuple[list[Any], list[float]]:
    return [item for item, _ in weighted], list(itertools.accumulate(float(w) for _, w in weighted))


def _with_extra(values: tuple[str, ...], extra: str | None) -> list[str]:
    return [*values, extra] if extra is not None and extra not in values else list(values)


def generate_offers(n: int, seed: int = 1) -> Iterator[dict[str, Any]]:
    """Yield ``n`` offer documents, the same for the same ``seed``."""
    rng = random.Random(seed)
    rand = rng.random
    gauss = rng.gauss
    getrandbits = rng.getrandbits
    bisect_right = bisect.bisect_right
    gem_total = _GEMEINDE_CUM[-1]
    suffixes, suffix_cum = _cumulative(TITLE_SUFFIXES)
    sentences, sentence_cum = _cumulative(SENTENCES)
    languages, language_cum = _cumulative(LANGUAGE_SETS)
    organisations, organisation_cum = _cumulative([((name, kind), w) for name, kind, w in ORGANISATIONS])
    topic_keys = list(TOPICS)
    patterns = OFFER_PATTERNS
    n_patterns = len(patterns)
    n_rare = len(RARE_WORDS)
    n_streets = len(STREETS)
    for _ in range(n):
        g = GEMEINDEN[bisect_right(_GEMEINDE_CUM, rand() * gem_total)]
        title, first, topics, groups, english = patterns[int(rand() * n_patterns)]
        suffix = suffixes[bisect_right(suffix_cum, rand() * suffix_cum[-1])]
        if suffix:
            title += suffix.replace("{place}", g.name) if "{" in suffix else suffix
        parts = [first]
        parts.extend(
            sentences[bisect_right(sentence_cum, rand() * sentence_cum[-1])] for _k in range(1 + int(rand() * 3))
        )
        r = rand()
        if r < 0.55:
            parts.append(f"Adresse: {STREETS[int(rand() * n_streets)]} {1 + int(rand() * 120)}, {g.name}.")
        if r > 0.89:
            parts.append(f"Schwerpunkt: {RARE_WORDS[int(rand() * n_rare)]}.")
        org_name, org_kind = organisations[bisect_right(organisation_cum, rand() * organisation_cum[-1])]
        topic_list = _with_extra(topics, topic_keys[int(rand() * 12)] if rand() < 0.25 else None)
        group_list = _with_extra(groups, TARGET_GROUPS[int(rand() * 12)] if rand() < 0.2 else None)
        locations = [(round(g.lat + gauss(0.0, SPREAD_LAT), 5), round(g.lon + gauss(0.0, SPREAD_LON), 5))]
        r = rand()
        if r < 0.08:
            others = GEMEINDEN_BY_KREIS[g.kreis_key]
            for _k in range(1 if r < 0.06 else 2):
                o = others[int(rand() * len(others))]
                locations.append((round(o.lat + gauss(0.0, SPREAD_LAT), 5), round(o.lon + gauss(0.0, SPREAD_LON), 5)))
        doc: dict[str, Any] = {
            "id": str(uuid.UUID(int=getrandbits(128), version=4)),
            "title": title,
            "description": " ".join(parts),
            "organisation_name": org_name.replace("{place}", g.name),
            "topics": [TOPICS[t] for t in topic_list],
            "topic_keys": topic_list,
            "target_groups": group_list,
            "languages": list(languages[bisect_right(language_cum, rand() * language_cum[-1])]),
            "kreis_key": g.kreis_key,
            "gemeinde_ags": g.ags,
            "organisation_kind": org_kind,
            "locations": locations,
        }
        r = rand()
        if r < 0.1:
            translations = {"en": {"title": english, "description": f"{english} in {g.name}. Free of charge."}}
            if r < 0.03:
                lang = ("tr", "ar", "uk")[int(rand() * 3)]
                translations[lang] = TRANSLATIONS[lang]
            doc["translations"] = translations
        yield doc


def main(argv: list[str]) -> None:
    n = int(argv[1]) if len(argv) > 1 else 3
    seed = int(argv[2]) if len(argv) > 2 else 1
    for doc in generate_offers(n, seed):
        sys.stdout.write(json.dumps(doc, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main(sys.argv)
