"""English translations of the staff screens: msgid -> English.

English only: Turkish, Arabic, Ukrainian and Russian are for the public finder (translations_public.py).
German administrative terms: Kreis = district, kreisfreie Stadt = independent city, Gemeinde = municipality,
Bezirksregierung = district government, Regierungsbezirk = administrative region, Verwendungsnachweis = proof
of use, Mittelabruf = payment request, Haushaltsjahr = budget year, Betrieb = (platform) operations.
"""

EN: dict[str, str] = {}
EN_PLURALS: dict[str, list[str]] = {}

# --- core -----------------------------------------------------------------------------------------
EN.update(
    {
        "Die Administration ist dem Betrieb der Plattform vorbehalten.": "The administration interface is reserved for platform operations.",
        "Organisation oder Behörde suchen": "Search for an organisation or public authority",
        "Rollen (Mitgliedschaften) – beenden mit „gültig bis“": "Roles (memberships) – end them with “valid until”",
        "Nur für Organisation und Behörde: über die Lupe auswählen.": "Only for organisation and public authority: select via the magnifying glass.",
        "Bereich": "Scope",
        "(gelöscht)": "(deleted)",
        "Sie können Ihr eigenes Konto nicht deaktivieren.": "You cannot deactivate your own account.",
        "Rolle": "Role",
        "Person": "Person",
        "Zugang": "Access",
        "Daten": "Details",
        "Rollen": "Roles",
        "Zweiter Faktor": "Second factor",
        "eingerichtet": "set up",
        "nicht eingerichtet": "not set up",
        "Ausgewählte Personen deaktivieren (Sitzungen enden sofort)": "Deactivate selected people (their sessions end immediately)",
        "%(count)d Personen deaktiviert.": "%(count)d people deactivated.",
        "Ihr eigenes Konto bleibt aktiv.": "Your own account remains active.",
        "Zweiten Faktor zurücksetzen (bei der nächsten Anmeldung neu einrichten)": "Reset second factor (set it up again at next login)",
        "Zweiter Faktor für %(count)d Personen zurückgesetzt.": "Second factor reset for %(count)d people.",
        "Konten und Grundlagen": "Accounts and basics",
        "E-Mail-Adresse": "Email address",
        "E-Mail-Adresse oder Passwort ist falsch.": "Email address or password is incorrect.",
        "Sechsstelliger Code aus Ihrer Authenticator-App": "Six-digit code from your authenticator app",
        "Der Code besteht aus sechs Ziffern.": "The code consists of six digits.",
        "Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.": "Your session has expired. Please log in again.",
        "Die Anfrage ist zu groß. Dateien dürfen höchstens %(limit)s groß sein.": "The request is too large. Files may be at most %(limit)s.",
        "Ein Gebietsschlüssel für NRW hat 2, 3, 5 oder 8 Ziffern und beginnt mit 05.": "An area key for NRW has 2, 3, 5 or 8 digits and starts with 05.",
        "angelegt am": "created on",
        "geändert am": "changed on",
        "Name": "Name",
        "aktiv": "active",
        "Zugang zur Administration": "Access to administration",
        "Darf die Administrationsoberfläche öffnen (nur Betrieb).": "May open the administration interface (operations only).",
        "registriert am": "registered on",
        "Personen": "People",
        "Gebietsschlüssel": "Area key",
        "05 = Land, 053 = Regierungsbezirk Köln, 05315 = Kreis/kreisfreie Stadt, 8 Ziffern = Gemeinde.": "05 = state, 053 = Cologne administrative region (Regierungsbezirk), 05315 = district/independent city, 8 digits = municipality.",
        "Art des Bereichs": "Type of scope",
        "Mitgliedschaft": "Membership",
        "Mitgliedschaften": "Memberships",
        "Für diese Rolle ist ein Gebietsschlüssel nötig.": "This role requires an area key.",
        "Diese Rolle wird über einen Gebietsschlüssel begrenzt.": "This role is limited by an area key.",
        "Für diese Rolle ist eine Organisation oder Behörde nötig.": "This role requires an organisation or public authority.",
        "Diese Rolle hat keinen Gebietsschlüssel.": "This role has no area key.",
        "Die Rolle Betrieb hat keinen Bereich.": "The operations role has no scope.",
        "Diese Art von Bereich passt nicht zur Rolle.": "This type of scope does not match the role.",
        "Diesen Bereich gibt es nicht.": "This scope does not exist.",
        "Zeitpunkt": "Time",
        "handelnde Person": "acting person",
        "Vorgang": "Action",
        "Objektart": "Object type",
        "Objekt-ID": "Object ID",
        "Objekt": "Object",
        "von": "from",
        "nach": "to",
        "Begründung": "Reason",
        "Protokolleintrag": "Log entry",
        "Protokoll": "Log",
        "Ministerium (Land)": "Ministry (state)",
        "Bewilligungsbehörde": "Granting authority",
        "Kommune / Kommunales Integrationszentrum": "Municipality / Municipal Integration Centre",
        "Organisation": "Organisation",
        "Behörde (Befragung)": "Public authority (survey)",
        "Betrieb (Administration)": "Operations (administration)",
        "Sie sehen landesweit alles lesend, richten Förderprogramme, Budgets, Veranstaltungen, Befragungskampagnen und Veröffentlichungen ein.": "You can view everything statewide (read-only) and set up funding programmes, budgets, events, survey campaigns and publications.",
        "Sie bearbeiten Anträge und Auszahlungen der Programme Ihrer Bezirksregierung. Eine Entscheidung braucht immer eine zweite Person (Vier-Augen-Prinzip).": "You process applications and payments for the programmes of your district government. Every decision always requires a second person (four-eyes principle).",
        "Sie pflegen und prüfen die Einträge im Register für Ihren Kreis oder Ihre Gemeinde, beantragen Fördermittel für Ihre Stelle, berichten und melden sich zu Veranstaltungen an.": "You maintain and review the registry entries for your district or municipality, apply for funding for your office, submit reports and register for events.",
        "Sie pflegen die Einträge und Angebote Ihrer Organisation. Die Kommune prüft sie, bevor sie veröffentlicht werden; Ihre Organisation kann als Partnerin in Anträgen genannt werden.": "You maintain your organisation's entries and services. The municipality reviews them before they are published; your organisation can be named as a partner in applications.",
        "Sie führen die anonyme Befragung Ihrer Behörde durch, erfassen die Einstellungszahlen und sehen die Auswertung Ihrer Behörde, die nie einzelne Personen erkennen lässt.": "You run your authority's anonymous survey, record the recruitment figures and see your authority's evaluation, which never allows individuals to be identified.",
        "Sie verwalten Personen, Rollen, Stammdaten und Systemeinstellungen und sehen das Protokoll.": "You manage people, roles, master data and system settings and can view the log.",
        "Nur der Betrieb darf Konten verwalten.": "Only operations may manage accounts.",
        "Diese E-Mail-Adresse ist schon vergeben.": "This email address is already in use.",
        "Die Datei ist zu groß (%(size)s). Erlaubt sind höchstens %(limit)s.": "The file is too large (%(size)s). The maximum allowed is %(limit)s.",
        "Die Datei ist leer.": "The file is empty.",
        "Dieser Dateityp ist hier nicht erlaubt. Erlaubt: %(kinds)s.": "This file type is not allowed here. Allowed: %(kinds)s.",
        "CSV-Dateien speichern Sie bitte mit der Zeichenkodierung UTF-8.": "Please save CSV files with UTF-8 character encoding.",
        "Die Dateiendung %(extension)s passt nicht zum Inhalt (%(kind)s).": "The file extension %(extension)s does not match the content (%(kind)s).",
        "Zu viele falsche Codes. Bitte warten Sie einen Moment und versuchen Sie es dann erneut.": "Too many incorrect codes. Please wait a moment and then try again.",
        "Der Code ist ungültig oder wurde schon verwendet.": "The code is invalid or has already been used.",
        "Ihr Passwort ist geändert. Ihre anderen Sitzungen sind beendet.": "Your password has been changed. Your other sessions have been ended.",
        "Das Formular war veraltet. Bitte versuchen Sie es noch einmal.": "The form was out of date. Please try again.",
    }
)

# --- geo ------------------------------------------------------------------------------------------
EN.update(
    {
        "Quelle: Statistisches Bundesamt (Destatis), Gemeindeverzeichnis GV100AD (Gebietsstand 30.11.2025, Einwohner 31.12.2024); Schwerpunkte aus den Verwaltungsgrenzen DVG2 © Geobasis NRW (dl-de/zero-2-0).": "Source: Federal Statistical Office (Destatis), municipality directory GV100AD (territorial status 30.11.2025, population 31.12.2024); centroids from the administrative boundaries DVG2 © Geobasis NRW (dl-de/zero-2-0).",
        "Einwohner insgesamt am Stichtag": "Total population on the reference date",
        "Stichtag der Einwohnerzahl (ISO 8601)": "Reference date of the population figure (ISO 8601)",
        "Fläche in km² (amtliche Fläche, als Zeichenkette mit zwei Nachkommastellen)": "Area in km² (official area, as a string with two decimal places)",
        "Einwohner je km², gerundet": "Inhabitants per km², rounded",
        "Breite des Flächenschwerpunkts (WGS84)": "Latitude of the centroid (WGS84)",
        "Länge des Flächenschwerpunkts (WGS84)": "Longitude of the centroid (WGS84)",
        "Adresse dieses Eintrags in der API": "Address of this entry in the API",
        "Kreisschlüssel, 5 Ziffern, z. B. 05315": "District key, 5 digits, e.g. 05315",
        "8-stellige Form des Kreisschlüssels, z. B. 05315000": "8-digit form of the district key, e.g. 05315000",
        "amtlicher Name, z. B. „Köln, Stadt“": "official name, e.g. “Köln, Stadt”",
        "Kurzname (der Name vor dem ersten Komma)": "Short name (the name before the first comma)",
        "kreisfreie_stadt oder kreis": "kreisfreie_stadt or kreis",
        "Sitz der Kreisverwaltung": "Seat of the district administration",
        "Schlüssel des Regierungsbezirks, z. B. 053": "Key of the administrative region (Regierungsbezirk), e.g. 053",
        "Name des Regierungsbezirks": "Name of the administrative region (Regierungsbezirk)",
        "Zahl der Gemeinden im Kreis": "Number of municipalities in the district",
        "Amtlicher Gemeindeschlüssel, 8 Ziffern, z. B. 05315000": "Official municipality key (AGS), 8 digits, e.g. 05315000",
        "Amtlicher Regionalschlüssel, 12 Ziffern": "Official regional key (ARS), 12 digits",
        "amtlicher Name, z. B. „Bergheim, Stadt“": "official name, e.g. “Bergheim, Stadt”",
        "Textkennzeichen: 61 kreisfreie Stadt, 63 Stadt, 64 kreisangehörige Gemeinde": "Text code: 61 independent city, 63 town, 64 municipality within a district",
        "Kreisschlüssel, z. B. 05362": "District key, e.g. 05362",
        "amtlicher Name des Kreises": "official name of the district",
        "davon männlich am Stichtag": "of which male on the reference date",
        "Postleitzahl des Verwaltungssitzes": "Postcode of the administrative seat",
        "Drei Ziffern, z. B. 053.": "Three digits, e.g. 053.",
        "Teil des Namens (ohne Unterschied von Groß- und Kleinschreibung) oder Anfang des Schlüssels/AGS": "Part of the name (case-insensitive) or beginning of the key/AGS",
        "Nur dieser Regierungsbezirk: 051 Düsseldorf, 053 Köln, 055 Münster, 057 Detmold, 059 Arnsberg": "Only this administrative region: 051 Düsseldorf, 053 Köln, 055 Münster, 057 Detmold, 059 Arnsberg",
        "Nur Gemeinden dieses Kreises, z. B. 05315": "Only municipalities of this district, e.g. 05315",
        "Schlüssel unbekannt": "Unknown key",
        "Kreise und kreisfreie Städte": "Districts and independent cities",
        "Die 31 Kreise (einschließlich der Städteregion Aachen) und 22 kreisfreien Städte Nordrhein-Westfalens, nach Namen sortiert, seitenweise. Suche nach Name oder Schlüssel (ein 8-stelliger AGS findet den Kreis, in dem die Gemeinde liegt), Filter nach Regierungsbezirk.": "The 31 districts (including the Städteregion Aachen) and 22 independent cities of North Rhine-Westphalia, sorted by name, page by page. Search by name or key (an 8-digit AGS finds the district in which the municipality lies), filter by administrative region.",
        "Ein Kreis oder eine kreisfreie Stadt": "A district or an independent city",
        "Ein Kreis oder eine kreisfreie Stadt nach dem 5-stelligen Kreisschlüssel.": "A district or an independent city by its 5-digit district key.",
        "Kreisschlüssel, z. B. 05315 für Köln": "District key, e.g. 05315 for Köln",
        "Gemeinden": "Municipalities",
        "Die 396 Gemeinden Nordrhein-Westfalens, nach Namen sortiert, seitenweise. Suche nach Name oder AGS-Anfang, Filter nach Kreis und Regierungsbezirk (kombinierbar).": "The 396 municipalities of North Rhine-Westphalia, sorted by name, page by page. Search by name or start of the AGS, filter by district and administrative region (can be combined).",
        "Eine Gemeinde": "A municipality",
        "Eine Gemeinde nach ihrem 8-stelligen Amtlichen Gemeindeschlüssel (AGS).": "A municipality by its 8-digit official municipality key (AGS).",
        "Amtlicher Gemeindeschlüssel, z. B. 05315000 für Köln": "Official municipality key, e.g. 05315000 for Köln",
        "Gebiete": "Areas",
        "Alle 53 Kreise und kreisfreien Städte und 396 Gemeinden in NRW": "All 53 districts and independent cities and 396 municipalities in NRW",
        "Zeile %(line)d: %(message)s": "Line %(line)d: %(message)s",
        "%(label)s fehlt (Stellen %(start)d–%(end)d)": "%(label)s missing (positions %(start)d–%(end)d)",
        "%(label)s „%(value)s“ ist keine Ziffernfolge (Stellen %(start)d–%(end)d)": "%(label)s “%(value)s” is not a sequence of digits (positions %(start)d–%(end)d)",
        "%(label)s „%(value)s“ ist keine Zahl (Stellen %(start)d–%(end)d)": "%(label)s “%(value)s” is not a number (positions %(start)d–%(end)d)",
        "Satz hat %(length)d Zeichen, ein GV100AD-Satz hat genau %(expected)d": "Record has %(length)d characters; a GV100AD record has exactly %(expected)d",
        "unbekannte Satzart „%(type)s“ (erwartet: 10, 20, 30, 40, 50 oder 60)": "unknown record type “%(type)s” (expected: 10, 20, 30, 40, 50 or 60)",
        "Landesschlüssel": "State key",
        "Gebietsstand „%(raw)s“ ist kein Datum (JJJJMMTT)": "Territorial status “%(raw)s” is not a date (YYYYMMDD)",
        "Gebietsstand %(raw)s weicht vom Gebietsstand %(first)s in Zeile %(line)d ab": "Territorial status %(raw)s differs from territorial status %(first)s in line %(line)d",
        "Schlüssel %(key)s steht schon in Zeile %(line)d": "Key %(key)s already appears in line %(line)d",
        "Regierungsbezirksschlüssel": "Administrative region key",
        "Sitz": "Seat",
        "Kreisschlüssel": "District key",
        "Textkennzeichen": "Text code",
        "Textkennzeichen „%(code)s“ passt nicht zu einem Kreis (41 bis 45)": "Text code “%(code)s” does not fit a district (41 to 45)",
        "Sitz der Verwaltung": "Seat of the administration",
        "Amtlicher Gemeindeschlüssel": "Official municipality key",
        "Gemeindeverband": "Association of municipalities",
        "Textkennzeichen „%(code)s“ ist für eine Gemeinde in NRW nicht vorgesehen (61, 63 oder 64)": "Text code “%(code)s” is not intended for a municipality in NRW (61, 63 or 64)",
        "Fläche in ha": "Area in ha",
        "Bevölkerung insgesamt": "Total population",
        "Bevölkerung männlich": "Male population",
        "mehr männliche Einwohner (%(male)d) als Einwohner insgesamt (%(total)d)": "more male inhabitants (%(male)d) than total inhabitants (%(total)d)",
        "Postleitzahl": "Postcode",
        "Postleitzahl „%(plz)s“ ist ungültig": "Postcode “%(plz)s” is invalid",
        "Kennzeichen mehrerer Postleitzahlen „%(value)s“ ist ungültig (leer oder *****)": "Marker for multiple postcodes “%(value)s” is invalid (empty or *****)",
        "Kein Datum (JJJJ-MM-TT): %(value)s": "Not a date (YYYY-MM-DD): %(value)s",
        "Importiert Regierungsbezirke, Kreise und Gemeinden Nordrhein-Westfalens aus dem Gemeindeverzeichnis GV100AD von Destatis (Festbreitenformat, 220 Zeichen je Satz). Sätze anderer Länder werden übersprungen. Ist eine Zeile fehlerhaft, werden alle fehlerhaften Zeilen gemeldet und nichts wird geändert.": "Imports the administrative regions, districts and municipalities of North Rhine-Westphalia from Destatis' municipality directory GV100AD (fixed-width format, 220 characters per record). Records of other states are skipped. If any line is faulty, all faulty lines are reported and nothing is changed.",
        "GV100AD-Datei, z. B. GV100AD_30112025.txt": "GV100AD file, e.g. GV100AD_30112025.txt",
        "Stichtag der Einwohnerzahlen (Standard: 31.12. des Jahres vor dem Gebietsstand)": "Reference date of the population figures (default: 31.12. of the year before the territorial status)",
        "Datei nicht gefunden: %(path)s": "File not found: %(path)s",
        "%(count)d Fehler – nichts wurde importiert, die Datenbank ist unverändert.": "%(count)d errors – nothing was imported, the database is unchanged.",
        "Gemeindeverzeichnis (Gebietsstand %(status)s, Einwohner zum %(population_date)s) importiert: %(created)d neu, %(updated)d geändert, %(unchanged)d unverändert, %(skipped)d Sätze anderer Länder übersprungen.": "Municipality directory (territorial status %(status)s, population as of %(population_date)s) imported: %(created)d new, %(updated)d changed, %(unchanged)d unchanged, %(skipped)d records of other states skipped.",
        "Regierungsbezirke": "Administrative regions",
        "Kreise": "Districts",
        "  %(label)s: %(created)d neu, %(updated)d geändert, %(unchanged)d unverändert": "  %(label)s: %(created)d new, %(updated)d changed, %(unchanged)d unchanged",
        "Nicht in der Datei und daher unverändert behalten: %(count)d Gemeinden (%(keys)s)": "Not in the file and therefore kept unchanged: %(count)d municipalities (%(keys)s)",
        "Lädt Regierungsbezirke, Kreise, Gemeinden (mit Grenzen) und Postleitzahlen für NRW aus teilhabe/geo/data. Idempotent; sind die Dateien seit dem letzten Laden unverändert, gibt es nichts zu tun.": "Loads administrative regions, districts, municipalities (with boundaries) and postcodes for NRW from teilhabe/geo/data. Idempotent; if the files are unchanged since the last load, there is nothing to do.",
        "Jede Zeile vergleichen und abweichende Zeilen auf den Stand der Dateien setzen.": "Compare every row and reset differing rows to the state of the files.",
        "Stammdaten NRW: %(rb)d Regierungsbezirke, %(kreise)d Kreise, %(gemeinden)d Gemeinden, %(plz)d Postleitzahl-Einträge": "NRW master data: %(rb)d administrative regions, %(kreise)d districts, %(gemeinden)d municipalities, %(plz)d postcode entries",
        "Dateien unverändert, nichts zu tun": "Files unchanged, nothing to do",
        "%(changed)d geändert": "%(changed)d changed",
        "Schlüssel": "Key",
        "Einwohner": "Population",
        "Stichtag Einwohner": "Population reference date",
        "Fläche (km²)": "Area (km²)",
        "Breite (Schwerpunkt)": "Latitude (centroid)",
        "Länge (Schwerpunkt)": "Longitude (centroid)",
        "Grenze (GeoJSON)": "Boundary (GeoJSON)",
        "Regierungsbezirk": "Administrative region",
        "amtlicher Name": "official name",
        "Breite (Beschriftungspunkt)": "Latitude (label point)",
        "Ein Punkt sicher innerhalb der Fläche.": "A point safely inside the area.",
        "Länge (Beschriftungspunkt)": "Longitude (label point)",
        "Kreis / kreisfreie Stadt": "District / independent city",
        "Kreis %(name)s": "District of %(name)s",
        "Stadt": "City",
        "AGS": "AGS",
        "Ein AGS in NRW hat 8 Ziffern und beginnt mit 05.": "An AGS in NRW has 8 digits and starts with 05.",
        "ARS": "ARS",
        "Einwohner männlich": "Male population",
        "PLZ des Verwaltungssitzes": "Postcode of the administrative seat",
        "Gemeinde": "Municipality",
        "Zustellbezirk": "Delivery area",
        "Großkunde / Postfach": "Large customer / PO box",
        "PLZ": "Postcode",
        "Ort": "Town",
        "Gemeinde am Punkt": "Municipality at the point",
        "Breite": "Latitude",
        "Länge": "Longitude",
        "Postleitzahlen": "Postcodes",
        "Datensatz": "Data set",
        "SHA-256 der Dateien": "SHA-256 of the files",
        "geladen am": "loaded on",
        "Stand der Stammdaten": "Master data version",
        "Stände der Stammdaten": "Master data versions",
        "Stammdatendatei %(file)s, Zeile %(line)d, Spalte %(column)s: ungültiger Wert „%(value)s“": "Master data file %(file)s, line %(line)d, column %(column)s: invalid value “%(value)s”",
        "Stammdaten NRW geladen": "NRW master data loaded",
        "Stammdaten ohne übergeordnetes Gebiet: %(keys)s": "Master data without a parent area: %(keys)s",
        "Nur der Betrieb darf das Gemeindeverzeichnis einspielen.": "Only operations may import the municipality directory.",
        "Die Datei %(path)s kann nicht gelesen werden: %(error)s": "The file %(path)s cannot be read: %(error)s",
        "Die Datei enthält keine Gemeinde in Nordrhein-Westfalen (Land 05).": "The file contains no municipality in North Rhine-Westphalia (state 05).",
        "Regierungsbezirk %(rb)s des Kreises %(key)s steht weder in der Datei noch in der Datenbank": "Administrative region %(rb)s of district %(key)s is neither in the file nor in the database",
        "Kreis %(kreis)s der Gemeinde %(ags)s steht weder in der Datei noch in der Datenbank": "District %(kreis)s of municipality %(ags)s is neither in the file nor in the database",
        "Gemeindeverzeichnis GV100AD, Gebietsstand %(date)s": "Municipality directory GV100AD, territorial status %(date)s",
        "Alle Gemeinden": "All municipalities",
        "Karte: Grenze von %(name)s und die Nachbargemeinden im selben Kreis": "Map: boundary of %(name)s and the neighbouring municipalities in the same district",
        "Hervorgehoben: die Gemeinde; grau: die anderen Gemeinden ihres Kreises.": "Highlighted: the municipality; grey: the other municipalities of its district.",
        "Amtlicher Gemeindeschlüssel (AGS)": "Official municipality key (AGS)",
        "Regionalschlüssel (ARS)": "Regional key (ARS)",
        "Stand %(date)s": "As of %(date)s",
        "Fläche": "Area",
        "Einwohner je km²": "Inhabitants per km²",
        "Postleitzahlen: Zustellbezirke, deren Ortspunkt in der Gemeinde liegt (GeoNames); eine Postleitzahl kann über die Gemeindegrenze reichen.": "Postcodes: delivery areas whose location point lies in the municipality (GeoNames); a postcode can extend beyond the municipal boundary.",
        "Gemeinden in NRW": "Municipalities in NRW",
        "Gemeinden suchen": "Search municipalities",
        "Name oder AGS": "Name or AGS",
        "z. B. Bergheim oder 05362004": "e.g. Bergheim or 05362004",
        "Filter zurücksetzen": "Reset filters",
        "Gemeinden, Seite %(number)s von %(total)s": "Municipalities, page %(number)s of %(total)s",
        "Keine Gemeinde passt zur Suche.": "No municipality matches the search.",
        "Suchen Sie nach einem Teil des Namens oder nach dem Anfang des AGS, oder setzen Sie die Filter zurück.": "Search for part of the name or the beginning of the AGS, or reset the filters.",
        "Alle Kreise und kreisfreien Städte": "All districts and independent cities",
        "Karte: Grenzen von %(name)s und seinen Gemeinden": "Map: boundaries of %(name)s and its municipalities",
        "Dick umrandet: die Grenze des Kreises; die Flächen sind seine Gemeinden (zum Öffnen anklicken, alle stehen auch in der Tabelle unten).": "Bold outline: the district boundary; the areas are its municipalities (click to open; all are also listed in the table below).",
        "AGS %(ags)s": "AGS %(ags)s",
        "Amtlicher Name": "Official name",
        "Gemeinden in %(name)s": "Municipalities in %(name)s",
        "Zusammen": "Total",
        "Gemeinden von %(name)s in der Gemeindeliste": "Municipalities of %(name)s in the municipality list",
        "Kreise und kreisfreie Städte in NRW": "Districts and independent cities in NRW",
        "Kreise suchen": "Search districts",
        "Name oder Schlüssel (AGS)": "Name or key (AGS)",
        "z. B. Kleve, 05154 oder der AGS einer Gemeinde": "e.g. Kleve, 05154 or the AGS of a municipality",
        "Sitz der Bezirksregierung: %(seat)s · %(population)s Einwohner · %(area)s km²": "Seat of the district government: %(seat)s · %(population)s inhabitants · %(area)s km²",
        "Kreise und kreisfreie Städte im %(name)s": "Districts and independent cities in %(name)s",
        "Kein Kreis passt zur Suche.": "No district matches the search.",
        "Suchen Sie nach einem Teil des Namens oder nach dem Anfang des Schlüssels.": "Search for part of the name or the beginning of the key.",
    }
)
EN_PLURALS.update(
    {
        "%(counter)s Gemeinde": ["%(counter)s municipality", "%(counter)s municipalities"],
        "Nordrhein-Westfalen hat %(population)s Einwohner auf %(area)s km² in %(counter)s Regierungsbezirk.": [
            "North Rhine-Westphalia has %(population)s inhabitants on %(area)s km² in %(counter)s administrative region.",
            "North Rhine-Westphalia has %(population)s inhabitants on %(area)s km² in %(counter)s administrative regions.",
        ],
        "%(counter)s Kreis oder kreisfreie Stadt": [
            "%(counter)s district or independent city",
            "%(counter)s districts and independent cities",
        ],
    }
)

# --- public ---------------------------------------------------------------------------------------
EN.update(
    {
        "Öffentliche Angebotssuche": "Public service finder",
        "Suchbegriff": "Search term",
        "In der Nähe von (PLZ oder Ort)": "Near (postcode or town)",
    }
)

# --- templates/403.html:5 -------------------------------------------------------------------------
EN.update(
    {
        "Das Formular war veraltet. Bitte laden Sie die Seite neu und versuchen Sie es noch einmal.": "The form was out of date. Please reload the page and try again.",
        "Für diese Seite fehlt Ihnen die Berechtigung. Wenn Sie meinen, dass das ein Fehler ist, wenden Sie sich an Ihre Ansprechperson im Betrieb.": "You do not have permission to view this page. If you think this is a mistake, please contact your operations contact person.",
    }
)

# --- templates/500.html:3 -------------------------------------------------------------------------
EN.update(
    {
        "Fehler": "Error",
    }
)

# --- templates/500.html:6 -------------------------------------------------------------------------
EN.update(
    {
        "Ein Fehler ist aufgetreten": "An error has occurred",
    }
)

# --- templates/500.html:7 -------------------------------------------------------------------------
EN.update(
    {
        "Die Seite konnte gerade nicht angezeigt werden. Der Fehler wurde protokolliert. Bitte versuchen Sie es später noch einmal.": "The page could not be displayed just now. The error has been logged. Please try again later.",
    }
)

# --- templates/base.html:84 -----------------------------------------------------------------------
EN.update(
    {
        "Teilhabe NRW – Ministerium für Kinder, Jugend, Familie, Gleichstellung, Flucht und Integration des Landes Nordrhein-Westfalen und die Kommunen in NRW.": "Teilhabe NRW – Ministry for Children, Youth, Family, Equality, Refugees and Integration of the State of North Rhine-Westphalia and the municipalities in NRW.",
    }
)

# --- templates/base.html:85 -----------------------------------------------------------------------
EN.update(
    {
        "Gebietsdaten: Statistisches Bundesamt (Destatis), Gemeindeverzeichnis GV100AD, Gebietsstand 30.11.2025; Grenzen © Geobasis NRW (dl-de/zero-2-0); Postleitzahlen: GeoNames (CC BY 4.0).": "Area data: Federal Statistical Office (Destatis), municipality directory GV100AD, territorial status 30.11.2025; boundaries © Geobasis NRW (dl-de/zero-2-0); postcodes: GeoNames (CC BY 4.0).",
    }
)

# --- templates/core -------------------------------------------------------------------------------
EN.update(
    {
        "Mein Konto": "My account",
        "Name und E-Mail-Adresse ändert der Betrieb der Plattform auf Ihre Bitte.": "Platform operations change your name and email address at your request.",
        "Rollen und Zuständigkeiten": "Roles and responsibilities",
        "Was Sie hier tun": "What you do here",
        "Keine Rollen.": "No roles.",
        "Anmeldung und Sicherheit": "Login and security",
        "zuletzt verwendet %(at)s": "last used %(at)s",
        "erforderlich, noch nicht eingerichtet": "required, not yet set up",
        "für Ihre Rollen nicht erforderlich": "not required for your roles",
        "Angemeldet seit": "Logged in since",
        "Sitzung endet": "Session ends",
        "spätestens %(at)s, nach %(minutes)s Minuten ohne Aktivität früher": "at %(at)s at the latest, earlier after %(minutes)s minutes of inactivity",
        "Wenn Sie das Gerät mit Ihrer Authenticator-App verlieren, bitten Sie den Betrieb, den zweiten Faktor zurückzusetzen; bei der nächsten Anmeldung richten Sie ihn neu ein.": "If you lose the device with your authenticator app, ask operations to reset your second factor; you will set it up again at your next login.",
        "Passwort ändern": "Change password",
        "Mit dem neuen Passwort enden alle Ihre anderen Sitzungen, zum Beispiel auf einem anderen Rechner.": "With the new password, all your other sessions end, for example on another computer.",
        "Passwort vergessen?": "Forgot your password?",
        "Anmeldung vorübergehend gesperrt": "Login temporarily blocked",
        "Zu viele fehlgeschlagene Anmeldeversuche. Bitte warten Sie 15 Minuten und versuchen Sie es dann erneut, oder setzen Sie Ihr Passwort zurück.": "Too many failed login attempts. Please wait 15 minutes and then try again, or reset your password.",
        "Guten Tag,": "Hello,",
        "für Ihr Konto bei Teilhabe NRW wurde ein neues Passwort angefordert. Mit diesem Link setzen Sie es:": "a new password has been requested for your Teilhabe NRW account. Use this link to set it:",
        "Wenn Sie das nicht angefordert haben, können Sie diese E-Mail ignorieren; Ihr Passwort bleibt unverändert.": "If you did not request this, you can ignore this email; your password stays unchanged.",
        "Teilhabe NRW: neues Passwort setzen": "Teilhabe NRW: set a new password",
        "Passwort gespeichert": "Password saved",
        "Jetzt anmelden": "Log in now",
        "Neues Passwort": "New password",
        "Neues Passwort setzen": "Set a new password",
        "Passwort speichern": "Save password",
        "Der Link ist ungültig oder abgelaufen. Bitte fordern Sie einen neuen an.": "The link is invalid or has expired. Please request a new one.",
        "Neuen Link anfordern": "Request a new link",
        "E-Mail unterwegs": "Email on its way",
        "Bitte sehen Sie in Ihr Postfach": "Please check your inbox",
        "Passwort vergessen": "Forgot password",
        "Geben Sie Ihre E-Mail-Adresse ein. Wenn ein Konto dazu besteht, senden wir Ihnen einen Link, mit dem Sie ein neues Passwort setzen.": "Enter your email address. If an account exists for it, we will send you a link to set a new password.",
        "Link anfordern": "Request link",
        "Zweiten Faktor einrichten": "Set up second factor",
        "Anmeldung bestätigen": "Confirm login",
        "Ihre Rolle verlangt einen zweiten Faktor. Scannen Sie den Code mit einer Authenticator-App (zum Beispiel FreeOTP, Aegis oder Google Authenticator) oder geben Sie den Schlüssel von Hand ein. Bestätigen Sie danach mit dem angezeigten Code.": "Your role requires a second factor. Scan the code with an authenticator app (for example FreeOTP, Aegis or Google Authenticator) or enter the key manually. Then confirm with the code shown.",
        "QR-Code für die Authenticator-App": "QR code for the authenticator app",
        "Geben Sie den aktuellen Code aus Ihrer Authenticator-App ein.": "Enter the current code from your authenticator app.",
        "Bestätigen": "Confirm",
        "Abbrechen und abmelden": "Cancel and log out",
        "Übersicht": "Overview",
        "Willkommen, %(name)s": "Welcome, %(name)s",
        "Ihre Arbeitsbereiche auf der Integrationsplattform Teilhabe NRW": "Your work areas on the Teilhabe NRW integration platform",
        "Ihre Rollen": "Your roles",
        "Zuständig für:": "Responsible for:",
        "Ihnen ist noch keine Rolle zugewiesen.": "You have not been assigned a role yet.",
        "Sie können sich anmelden, sehen aber nur die öffentlichen Bereiche. Ihre Organisation, Kommune oder Behörde beantragt Ihre Rolle beim Betrieb der Plattform.": "You can log in, but you only see the public areas. Your organisation, municipality or authority requests your role from platform operations.",
        "Ihre Arbeitsbereiche": "Your work areas",
        "Personen, Rollen, Stammdaten und Protokoll": "People, roles, master data and log",
        "Ihre Daten, Rollen, zweiter Faktor und Passwort": "Your details, roles, second factor and password",
        "Die Integrationsplattform des Landes Nordrhein-Westfalen und seiner Kommunen": "The integration platform of the State of North Rhine-Westphalia and its municipalities",
        "Hier finden Menschen Angebote für Sprache, Bildung, Arbeit, Beratung und Teilhabe in ihrer Nähe, und hier arbeiten Land, Kommunen, Kommunale Integrationszentren und Organisationen gemeinsam an Integration in NRW.": "Here people find services for language, education, work, counselling and participation near them, and here the state, municipalities, Municipal Integration Centres and organisations work together on integration in NRW.",
        "Für Mitarbeitende von Land, Bezirksregierungen, Kommunen, Organisationen und Behörden.": "For staff of the state, district governments, municipalities, organisations and public authorities.",
    }
)
EN_PLURALS.update(
    {
        "Der Link gilt eine Stunde und nur einmal.": [
            "The link is valid for one hour and can be used only once.",
            "The link is valid for %(hours)s hours and can be used only once.",
        ],
        "Wenn zu der Adresse ein Konto besteht, ist eine E-Mail mit einem Link unterwegs. Der Link gilt eine Stunde und nur einmal.": [
            "If an account exists for this address, an email with a link is on its way. The link is valid for one hour and can be used only once.",
            "If an account exists for this address, an email with a link is on its way. The link is valid for %(hours)s hours and can be used only once.",
        ],
    }
)

# --- templates/includes ---------------------------------------------------------------------------
EN.update(
    {
        "optional": "optional",
        "Bitte prüfen Sie Ihre Angaben.": "Please check your details.",
        "Bitte prüfen Sie die markierten Felder.": "Please check the highlighted fields.",
    }
)

# --- workforce ------------------------------------------------------------------------------------
EN.update(
    {
        "Öffentlicher Dienst: Befragungen und Einstellungen": "Public service: surveys and recruitment",
        "Oberste Landesbehörde (Ministerium)": "Supreme state authority (ministry)",
        "Landesoberbehörde": "Higher state authority",
        "Bezirksregierung": "District government",
        "Untere Landesbehörde": "Lower state authority",
        "Kommunalverwaltung": "Municipal administration",
        "Sonstige öffentliche Stelle": "Other public body",
        "Kurzname": "Short name",
        "Sitz (AGS)": "Seat (AGS)",
        "Beschäftigte": "Employees",
        "Zahl der Beschäftigten zum letzten Stichtag.": "Number of employees on the last reference date.",
        "Behörde": "Public authority",
        "Behörden": "Public authorities",
    }
)
