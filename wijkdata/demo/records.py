"""Example records of the fictional demo municipality Voorbeeldstad (GM9999).

Deterministic: fixed texts and dates, no randomness. Every record is marked ``fictief`` and says
"(fictief)" in its text. Kanaalzone (WK999903) deliberately collects more initiatives,
interventions, signals and notes than other wijken, so views of need against effort have
something to show; signals are open for very different lengths of time.

:func:`seed` writes them all in one transaction (only :func:`wijkdata.registers.db.upgrade` calls it, on a
fresh default SQLite database).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.engine import Engine

from wijkdata.areas import DEMO_AREAS

__all__ = ["DEMO_USER", "INITIATIEVEN", "INTERVENTIES", "SIGNALEN", "VELDNOTITIES", "seed"]

DEMO_USER = "demo (fictief)"
#: The newest date in the demo; the demo is validated as if it were at least this day.
DEMO_TODAY = date(2026, 10, 31)
F = " (fictief)"

INITIATIEVEN: list[dict[str, Any]] = [
    dict(
        titel="Buurtmoestuin Kanaaloever",
        gebieden=["BU99990301"],
        themas=["groen en openbare ruimte", "meedoen en ontmoeten"],
        status="lopend",
        startdatum=date(2025, 4, 1),
        initiatiefnemer="Bewonersvereniging Kanaaloever" + F,
        contactpersoon="Contactpersoon" + F,
        budget="4500",
        financieringsbron="Buurtbudget" + F,
        indicatoren=[],
        locatie_x=155210.0,
        locatie_y=463480.0,
        omschrijving="Bewoners maken van een braakliggend stuk grond aan het kanaal een moestuin voor de buurt." + F,
    ),
    dict(
        titel="Taalcafé Sluiskwartier",
        gebieden=["BU99990302"],
        themas=["meedoen en ontmoeten", "onderwijs"],
        status="lopend",
        startdatum=date(2024, 9, 1),
        initiatiefnemer="Stichting Taal Doet Meer" + F,
        budget="2500",
        financieringsbron="Fonds Sociale Samenhang" + F,
        indicatoren=["Nettoarbeidsparticipatie"],
        omschrijving="Wekelijkse taaltafel in de bibliotheek, door vrijwilligers uit de buurt." + F,
    ),
    dict(
        titel="Schuldhulp aan de keukentafel",
        gebieden=["WK999903"],
        themas=["armoede en schulden"],
        status="lopend",
        startdatum=date(2025, 1, 15),
        initiatiefnemer="Vrijwilligerscollectief De Sluis" + F,
        contactpersoon="Contactpersoon" + F,
        budget="12000",
        financieringsbron="Subsidie armoedebeleid" + F,
        indicatoren=["HuishoudensMetEenLaagInkomen", "HuishOnderOfRondSociaalMinimum"],
        omschrijving="Getrainde vrijwilligers helpen huishoudens thuis met post, betalingsregelingen en toeslagen." + F,
    ),
    dict(
        titel="Energiecoöperatie Dokbuurt",
        gebieden=["BU99990304"],
        themas=["energie"],
        status="idee",
        initiatiefnemer="Energiecoöperatie Dokbuurt i.o." + F,
        indicatoren=["GemiddeldAardgasverbruikTotaal"],
        omschrijving="Bewoners willen samen zonnepanelen op de daken van de oude pakhuizen." + F,
    ),
    dict(
        titel="Jongerenpodium Molenhoek",
        gebieden=["BU99990201"],
        themas=["jeugd"],
        status="afgerond",
        startdatum=date(2024, 3, 1),
        einddatum=date(2024, 12, 31),
        initiatiefnemer="Jongerenraad Molenwijk" + F,
        budget="8000",
        financieringsbron="Jeugdfonds" + F,
        indicatoren=["PercentageJongerenMetJeugdzorg"],
        omschrijving="Maandelijks podium voor muziek en spoken word, door en voor jongeren." + F,
    ),
    dict(
        titel="Repair café Binnenstad",
        gebieden=["BU99990101"],
        themas=["meedoen en ontmoeten"],
        status="lopend",
        startdatum=date(2023, 10, 1),
        initiatiefnemer="Buurthuis De Kern" + F,
        budget="1500",
        financieringsbron="Buurtbudget" + F,
        indicatoren=[],
        omschrijving="Elke tweede zaterdag repareren vrijwilligers fietsen, kleding en apparaten." + F,
    ),
    dict(
        titel="Deelauto's Stationskwartier",
        gebieden=["BU99990102"],
        themas=["mobiliteit"],
        status="lopend",
        startdatum=date(2025, 6, 1),
        initiatiefnemer="Bewonersinitiatief Autodelen" + F,
        budget="3000",
        financieringsbron="Eigen bijdragen" + F,
        indicatoren=["PersonenautoSPerHuishouden"],
        omschrijving="Buren delen drie elektrische auto's in plaats van elk een eigen auto." + F,
    ),
    dict(
        titel="Maaltijden voor ouderen Beekhoven",
        gebieden=["BU99990401"],
        themas=["zorg en welzijn"],
        status="lopend",
        startdatum=date(2024, 11, 1),
        initiatiefnemer="Vrijwilligers Beekdal" + F,
        budget="6000",
        financieringsbron="Wmo-subsidie" + F,
        indicatoren=["WmoClientenRelatief"],
        omschrijving="Twee keer per week samen eten in het wijkcentrum voor alleenstaande ouderen." + F,
    ),
    dict(
        titel="Klushulp Hoge Horst",
        gebieden=["BU99990501"],
        themas=["wonen"],
        status="gestopt",
        startdatum=date(2024, 2, 1),
        einddatum=date(2025, 3, 1),
        initiatiefnemer="Stichting Klusmaatjes" + F,
        budget="5000",
        financieringsbron="Buurtbudget" + F,
        indicatoren=[],
        omschrijving="Kleine klussen in huis voor wie het zelf niet kan; gestopt omdat de verzekering niet rond kwam." + F,
    ),
    dict(
        titel="Speeltuin Parkzicht",
        gebieden=["BU99990601"],
        themas=["groen en openbare ruimte", "jeugd"],
        status="idee",
        initiatiefnemer="Ouders Parkzicht" + F,
        indicatoren=[],
        omschrijving="Ouders willen de verouderde speeltuin samen met de gemeente opnieuw inrichten." + F,
    ),
    dict(
        titel="Merelbuurt Warm",
        gebieden=["BU99990701"],
        themas=["energie", "wonen"],
        status="lopend",
        startdatum=date(2025, 10, 1),
        initiatiefnemer="Buurtvereniging Merelbuurt" + F,
        budget="20000",
        financieringsbron="Landelijke subsidie wijkaanpak" + F,
        indicatoren=["GemiddeldAardgasverbruikTotaal", "PercentageWoningenMetStadsverwarming"],
        omschrijving="Energiecoaches helpen buren met isoleren en bereiden samen een warmtenet voor." + F,
    ),
    dict(
        titel="Werkplaats De Brug",
        gebieden=["BU99990805", "WK999903"],
        themas=["werk en inkomen"],
        status="lopend",
        startdatum=date(2025, 2, 1),
        initiatiefnemer="Ondernemersvereniging De Brug" + F,
        budget="15000",
        financieringsbron="Sponsoring ondernemers" + F,
        indicatoren=["Nettoarbeidsparticipatie"],
        omschrijving="Bedrijven op het terrein bieden leerwerkplekken aan bewoners van de Kanaalzone." + F,
    ),
]

INTERVENTIES: list[dict[str, Any]] = [
    dict(
        titel="Wijkaanpak Kanaalzone",
        eigenaar="Gemeente Voorbeeldstad, Sociaal Domein" + F,
        beleidsdomein="kansengelijkheid",
        gebieden=["WK999903"],
        startdatum=date(2024, 1, 1),
        einddatum=date(2027, 12, 31),
        budget="1200000",
        indicatoren=["HuishoudensMetEenLaagInkomen", "Nettoarbeidsparticipatie"],
        status="lopend",
        omschrijving="Integrale aanpak met wijkteam, schuldhulp en werkgelegenheid in de Kanaalzone." + F,
    ),
    dict(
        titel="Aardgasvrij Merelbuurt",
        eigenaar="Gemeente Voorbeeldstad, Energietransitie" + F,
        beleidsdomein="energie",
        gebieden=["BU99990701"],
        startdatum=date(2025, 1, 1),
        einddatum=date(2028, 12, 31),
        budget="2500000",
        indicatoren=["GemiddeldAardgasverbruikTotaal", "PercentageWoningenMetStadsverwarming"],
        status="lopend",
        omschrijving="De Merelbuurt is proeftuin voor een wijkwarmtenet." + F,
    ),
    dict(
        titel="Veilig Stationskwartier",
        eigenaar="Team Openbare Orde en Veiligheid" + F,
        beleidsdomein="veiligheid",
        gebieden=["BU99990102"],
        startdatum=date(2025, 3, 1),
        einddatum=date(2026, 2, 28),
        budget="150000",
        indicatoren=[],
        status="afgerond",
        omschrijving="Betere verlichting, cameratoezicht en een buurtpreventie-app rond het station." + F,
    ),
    dict(
        titel="Jeugdpreventie Molenwijk",
        eigenaar="Jeugdteam Voorbeeldstad" + F,
        beleidsdomein="kansengelijkheid",
        gebieden=["WK999902"],
        startdatum=date(2024, 9, 1),
        einddatum=date(2026, 8, 31),
        budget="300000",
        indicatoren=["PercentageJongerenMetJeugdzorg"],
        status="lopend",
        omschrijving="Jongerenwerk en scholen signaleren vroeg en verwijzen licht." + F,
    ),
    dict(
        titel="Renovatie Dokbuurt en Sluiskwartier",
        eigenaar="Woningcorporatie Thuis aan het Water" + F,
        beleidsdomein="wonen",
        gebieden=["BU99990304", "BU99990302"],
        startdatum=date(2026, 1, 1),
        einddatum=date(2029, 12, 31),
        budget="8000000",
        indicatoren=["OnbewoondeWoningen"],
        status="gepland",
        omschrijving="Renovatie van 420 corporatiewoningen, met isolatie en aanpak van leegstand." + F,
    ),
    dict(
        titel="Fietsroute langs het kanaal",
        eigenaar="Gemeente Voorbeeldstad, Mobiliteit" + F,
        beleidsdomein="mobiliteit",
        gebieden=["WK999903", "WK999901"],
        startdatum=date(2025, 5, 1),
        einddatum=date(2026, 10, 31),
        budget="900000",
        indicatoren=["PersonenautoSPerHuishouden"],
        status="lopend",
        omschrijving="Een doorgaande fietsroute van de Kanaalzone naar het centrum." + F,
    ),
    dict(
        titel="Schone straten Centrum",
        eigenaar="Gemeente Voorbeeldstad, Openbare Ruimte" + F,
        beleidsdomein="leefbaarheid",
        gebieden=["WK999901"],
        startdatum=date(2024, 1, 1),
        budget="250000",
        indicatoren=[],
        status="lopend",
        omschrijving="Vaker vegen en legen, en afvalcoaches in de binnenstad." + F,
    ),
    dict(
        titel="Armoedepact Voorbeeldstad",
        eigenaar="Gemeente Voorbeeldstad, Sociaal Domein" + F,
        beleidsdomein="kansengelijkheid",
        gebieden=["GM9999"],
        startdatum=date(2023, 1, 1),
        einddatum=date(2026, 12, 31),
        budget="600000",
        indicatoren=["HuishOnderOfRondSociaalMinimum", "GemiddeldInkomenPerInwoner"],
        status="lopend",
        omschrijving="Afspraken met partners over vroegsignalering van schulden en ruimere minimaregelingen." + F,
    ),
]

#: Signals; ``initiatief`` is the index (0-based) of an entry in :data:`INITIATIEVEN`.
SIGNALEN: list[dict[str, Any]] = [
    dict(
        titel="Vergunning voor de moestuin duurt maanden",
        initiatief=0,
        soort="regel",
        betrokken="Omgevingsvergunning voor gebruik van openbare grond" + F,
        gemeld_door="Bewonersvereniging Kanaaloever" + F,
        gemeld_op=date(2025, 3, 10),
        eigenaar_opvolging="Afdeling Vergunningen" + F,
        status="opgelost",
        oplossing="Tijdelijke gebruiksovereenkomst in plaats van een vergunning." + F,
        afgehandeld_op=date(2025, 5, 20),
        omschrijving="De aanvraag lag drie maanden stil omdat niemand eigenaar was van het braakliggende stuk." + F,
    ),
    dict(
        titel="Subsidieregel sluit het taalcafé uit",
        initiatief=1,
        soort="regel",
        betrokken="Subsidieverordening Sociaal Domein (alleen rechtspersonen)" + F,
        gemeld_door="Wijkwerker Kanaalzone" + F,
        gemeld_op=date(2026, 10, 20),
        status="nieuw",
        omschrijving="Een groep vrijwilligers zonder stichting kan geen subsidie aanvragen." + F,
    ),
    dict(
        titel="Schuldhulp en incasso werken langs elkaar heen",
        initiatief=2,
        soort="organisatie",
        betrokken="Gemeentelijke belastingdienst" + F,
        gemeld_door="Vrijwilligerscollectief De Sluis" + F,
        gemeld_op=date(2026, 6, 2),
        eigenaar_opvolging="Programmamanager armoede" + F,
        status="in behandeling",
        omschrijving="Tijdens een betalingsregeling stuurt de belastingdienst toch dwangbevelen." + F,
    ),
    dict(
        titel="Geen aansluiting op het warmtenet mogelijk",
        initiatief=10,
        soort="organisatie",
        betrokken="Netbeheerder" + F,
        gemeld_door="Buurtvereniging Merelbuurt" + F,
        gemeld_op=date(2025, 11, 15),
        eigenaar_opvolging="Afdeling Energietransitie" + F,
        status="in behandeling",
        omschrijving="De netbeheerder heeft tot 2029 geen capaciteit voor de warmtepompen van het warmtenet." + F,
    ),
    dict(
        titel="Buurthuis 's avonds dicht",
        gebieden=["WK999903"],
        soort="afdeling",
        betrokken="Vastgoedbeheer" + F,
        gemeld_door="Jongerenwerker Kanaalzone" + F,
        gemeld_op=date(2026, 2, 1),
        status="nieuw",
        omschrijving="Initiatieven voor werkende bewoners kunnen nergens terecht na 18.00 uur." + F,
    ),
    dict(
        titel="Jongerenwerk en politie delen geen zorgen",
        gebieden=["WK999902"],
        soort="organisatie",
        betrokken="Politie, basisteam" + F,
        gemeld_door="Jeugdteam Voorbeeldstad" + F,
        gemeld_op=date(2024, 12, 1),
        eigenaar_opvolging="Team Openbare Orde en Veiligheid" + F,
        status="niet oplosbaar",
        oplossing="Delen op persoonsniveau mag niet; er is nu een maandelijks casusoverleg zonder namen." + F,
        afgehandeld_op=date(2025, 4, 1),
        omschrijving="Zorgen over jongeren komen te laat bij het juiste loket." + F,
    ),
    dict(
        titel="Verzekeringseis laat klushulp stoppen",
        initiatief=8,
        soort="regel",
        betrokken="Verzekeringseis voor vrijwilligers in woningen" + F,
        gemeld_door="Stichting Klusmaatjes" + F,
        gemeld_op=date(2025, 1, 10),
        status="nieuw",
        omschrijving="De gemeentelijke vrijwilligersverzekering dekt geen klussen in huis." + F,
    ),
    dict(
        titel="Parkeerregels blokkeren deelauto's",
        initiatief=6,
        soort="regel",
        betrokken="Parkeerverordening" + F,
        gemeld_door="Bewonersinitiatief Autodelen" + F,
        gemeld_op=date(2026, 8, 15),
        eigenaar_opvolging="Gemeente Voorbeeldstad, Mobiliteit" + F,
        status="in behandeling",
        omschrijving="Deelauto's krijgen geen eigen parkeerplek zonder wijziging van de verordening." + F,
    ),
]

VELDNOTITIES: list[dict[str, Any]] = [
    dict(
        datum=date(2026, 9, 12),
        gebieden=["BU99990301"],
        thema="armoede en schulden",
        rol_auteur="wijkwerker",
        tekst="Meer gezinnen vragen bij de moestuin of ze groente mee mogen nemen; schaamte om naar de voedselbank te gaan." + F,
    ),
    dict(
        datum=date(2026, 9, 30),
        gebieden=["BU99990302"],
        thema="meedoen en ontmoeten",
        rol_auteur="opbouwwerker",
        tekst="Het taalcafé trekt vooral vrouwen; mannen zoeken we op bij de moskee en de sportschool." + F,
    ),
    dict(
        datum=date(2026, 10, 14),
        gebieden=["WK999903"],
        thema="jeugd",
        rol_auteur="jongerenwerker",
        tekst="Jongeren hangen na sluitingstijd bij het buurthuis; ze zoeken een plek, geen ruzie." + F,
    ),
    dict(
        datum=date(2026, 7, 3),
        gebieden=["BU99990304"],
        thema="wonen",
        rol_auteur="wijkwerker",
        tekst="Bewoners van de Dokbuurt horen via via over de renovatie en zijn ongerust over huurverhoging." + F,
    ),
    dict(
        datum=date(2026, 5, 20),
        gebieden=["WK999903"],
        thema="veiligheid",
        rol_auteur="wijkagent",
        tekst="Minder meldingen van overlast sinds de fietsroute verlicht is; wel meer snelheidsklachten." + F,
    ),
    dict(
        datum=date(2026, 3, 8),
        gebieden=["BU99990201"],
        thema="jeugd",
        rol_auteur="jongerenwerker",
        tekst="Sinds het jongerenpodium stopte, is er geen vaste avondplek meer in de Molenhoek." + F,
    ),
    dict(
        datum=date(2026, 2, 17),
        gebieden=["BU99990401"],
        thema="zorg en welzijn",
        rol_auteur="ouderenadviseur",
        tekst="De gezamenlijke maaltijden zijn vaak het enige sociale contact van de week voor deelnemers." + F,
    ),
    dict(
        datum=date(2025, 12, 1),
        gebieden=["BU99990701"],
        thema="energie",
        rol_auteur="energiecoach",
        tekst="Huurders willen isoleren maar wachten op de verhuurder; eigenaren-bewoners lopen voorop." + F,
    ),
    dict(
        datum=date(2026, 10, 28),
        gebieden=["BU99990805"],
        thema="werk en inkomen",
        rol_auteur="werkcoach",
        tekst="Twee leerwerkplekken vervuld; taal blijkt vaker een drempel dan vakkennis." + F,
    ),
    dict(
        datum=date(2026, 8, 22),
        gebieden=["BU99990101", "BU99990102"],
        thema="leefbaarheid",
        rol_auteur="buurtbeheerder",
        tekst="Rond het station ligt minder zwerfafval, in de binnenstad juist meer sinds de nieuwe horeca." + F,
    ),
]


def seed(engine: Engine) -> dict[str, list[int]]:
    """Write all demo records (``fictief``) in one transaction; returns the new ids per register."""
    from wijkdata.registers.store import Store

    store = Store(engine, DEMO_AREAS, today=lambda: max(date.today(), DEMO_TODAY))
    with store.batch(DEMO_USER) as batch:  # one transaction: a crash half-way leaves no half demo
        ids = {
            kind: [batch.create(kind, row, fictief=True) for row in rows]
            for kind, rows in (("initiatieven", INITIATIEVEN), ("interventies", INTERVENTIES), ("veldnotities", VELDNOTITIES))
        }
        ids["signalen"] = [
            batch.create(
                "signalen",
                {k: v for k, v in row.items() if k != "initiatief"}
                | ({"initiatief_id": ids["initiatieven"][row["initiatief"]]} if "initiatief" in row else {}),
                fictief=True,
            )
            for row in SIGNALEN
        ]
    return ids
