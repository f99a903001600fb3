"""The words that make a phrase a name, a title, a role, an organisation or a place, and say a gender."""

from __future__ import annotations

# Words that make up titles and roles in front of a name ("Deputy Pentagon Press Secretary").
TITLE_WORDS = frozenset(
    """
    President Vice Prime Minister Secretary Deputy Assistant Under Press Spokesperson Spokesman Spokeswoman
    General Gen. Lieutenant Lt. Colonel Col. Major Maj. Captain Capt. Sergeant Sgt. Staff Master Chief
    Commander Cmdr. Adm. Admiral Brig. Brigadier Pvt. Private Cpl. Corporal Spc. Specialist Ensign Airman
    Senator Sen. Representative Rep. Congressman Congresswoman Governor Gov. Lt.-Gov. Mayor Dr. Mr. Mrs. Ms.
    Mx. Prof. Professor Judge Justice Ambassador Director Administrator Commissioner Chairman Chairwoman
    Chair Chancellor King Queen Prince Princess Pope Rev. Reverend Father Sister Officer Detective Inspector
    Superintendent Attorney Treasurer Executive Coordinator Adviser Advisor Envoy Speaker Leader Majority
    Minority Whip Senior Acting Interim Former Gov Sheriff Councilman Councilwoman Councilmember Commissioner
    Comptroller Auditor Surgeon Principal Dean Provost Rabbi Imam Bishop Cardinal Archbishop CEO CFO COO
    Founder Manager Analyst Economist Researcher Scientist Engineer Minister-President Premier Sgt.Maj.
    Warrant Petty Seaman Marine Trooper Deputy-Secretary Chargé Consul Consul-General Lord Lady Sir Dame
    Democrat Republican Independent GOP Mr Mrs Ms Dr Cllr Cllr. Councillor MP Counsel Delegate Assemblyman
    Assemblywoman Alderman
    Secretary-General Director-General Undersecretary Prosecutor Coroner Magistrate Coach Lawyer Barrister
    Solicitor Recorder Sheriff-Principal Constable Superintendent
    """.split()
)
HONORIFICS = frozenset(
    {"Mr.", "Mrs.", "Ms.", "Mx.", "Dr.", "Mr", "Mrs", "Ms", "Dr", "Sir", "Dame", "Lord", "Lady"}
)
# Lower-case role words that may sit inside a title run ("State Department spokesperson Matthew Miller").
LOWER_TITLE_WORDS = frozenset(
    """
    spokesperson spokesman spokeswoman secretary minister official director chief adviser advisor analyst
    economist professor researcher scientist president chairman chairwoman chair commander officer
    ambassador envoy attorney lawyer senator representative governor mayor leader executive manager founder
    press deputy assistant general
    """.split()
)
# Words that mark a capitalised phrase as an organisation, not a person.
ORGANIZATION_WORDS = frozenset(
    """
    Department Ministry Army Navy Government Agency Office Council Commission Committee Pentagon House
    Congress Senate Court University College Company Inc. Inc Corp. Corp Corporation Bank Union Party
    Association Institute Police Service Force Forces Command Corps Coalition Administration States Nations
    Embassy Group Board Bureau Organization Organisation Center Centre Authority Times News Post Press
    Guard Marines Kremlin Parliament Cabinet Federation Foundation Fund Society League Alliance Reuters AP
    Airlines Hospital School Commission Tribunal Assembly Secretariat Directorate Network Media Ltd LLC
    Statement Report Mission Headquarters Station Laboratory Laboratories Project Program Programme
    Foods Lines Holdings Industries Systems Motors Partners Technologies Solutions Labs Pharmaceuticals
    Brands Entertainment Airways Capital Energy Studios Records Chamber Commerce Trust plc PLC LLP GmbH
    Co. Company Companies Enterprises Communications Airport Railways Rail Mills Works Insurance
    """.split()
)
PERSON_NOUNS = frozenset(
    """
    official officials spokesperson spokespeople spokesman spokeswoman source sources aide aides diplomat
    diplomats officer officers analyst analysts expert experts lawmaker lawmakers senator senators
    representative representatives resident residents witness witnesses person people member members
    adviser advisers advisor advisors commander commanders lawyer lawyers attorney attorneys researcher
    researchers scientist scientists economist economists investigator investigators prosecutor prosecutors
    executive executives employee employees worker workers doctor doctors nurse nurses soldier soldiers
    colleague colleagues friend friends relative relatives neighbor neighbors neighbour neighbours
    minister ministers leader leaders secretary president chairman chair director manager negotiator
    negotiators insider insiders observer observers critic critics supporter supporters activist activists
    organizer organizers organiser organisers student students teacher teachers farmer farmers owner owners
    victim victims survivor survivors mother father parent parents man woman men women judge judges
    engineer engineers head chief architect planner historian author writer journalist reporter editor
    consultant specialist inspector technician pilot driver captain founder coordinator professor
    strategist strategists pollster pollsters consultants advocate advocates businessman businesswoman
    mogul candidate candidates nominee nominees frontrunner front-runner billionaire commentator
    commentators columnist columnists host hosts anchor anchors voter voters delegate delegates
    donor donors protester protesters demonstrators governors mayors surrogate surrogates operative
    operatives staffer staffers scholars scholar academics academic historians authors writers reporters
    editors journalists confidant confidante ally allies associate associates acquaintance pastor priest
    veteran veterans attendee attendees participant participants volunteer volunteers bystander
    bystanders customer customers client clients patient patients user users commenter commenters
    viewer viewers reader readers fan fans citizen citizens immigrant immigrants refugee refugees partner
    partners lobbyist lobbyists legislator legislators detective sheriff agent agents firefighter
    firefighters physician physicians surgeon surgeons coach player players teammate teammates graduate
    graduates entrepreneur entrepreneurs investor investors trader traders banker bankers miner miners
    passenger passengers cousin brother sister son daughter wife husband spouse uncle aunt grandmother
    grandfather official mayor governor premier chancellor coroner magistrate defendant defendants
    plaintiff plaintiffs claimant claimants referee striker midfielder defender goalkeeper winger boss
    manager singer actor actress artist musician rapper producer mp mep councillor councilor constable
    superintendent ombudsman ceo chairperson treasurer solicitor barrister counsel spokesperson
    opponents opponent rivals rival backers backer defenders proponents proponent skeptics sceptics
    respondents respondent parishioners shoppers commuters tenants landlords homeowners taxpayers
    campaigners protesters organisers fans insiders loyalists moderates conservatives liberals
    progressives republicans democrats independents officials republican democrat
    """.split()
)
INSTITUTION_NOUNS = frozenset(
    """
    statement statements report reports agency ministry department government governments administration
    groups campaigns parties organizations organisations companies firms unions agencies
    countries nations country nation company firm court military army police authorities authority
    council committee commission office embassy union party campaign organization organisation group
    alliance coalition parliament congress senate cabinet regime presidency kremlin pentagon declaration
    communique communiqué announcement release letter filing document documents study survey analysis
    website team board bureau service services sides side partners allies port city county state district
    hospital airline club museum university school league network newspaper magazine station center centre
    institute laboratory program programme operator utility regulator watchdog memo memorandum email
    emails records data poll polls figures estimates filings transcript transcripts tally count
    studio studios retailer manufacturer insurer lender carrier broadcaster publisher charity trust band
    label airline bank ministry supermarket developer landlord council bench panel inquiry prosecution
    defence defense
    """.split()
)
# Places that speak as institutions when they are the subject of "said": "Iraq reiterated ...".
PLACES = frozenset(
    """
    Afghanistan Albania Algeria Angola Argentina Armenia Australia Austria Azerbaijan Bahrain Bangladesh
    Belarus Belgium Bolivia Bosnia Brazil Britain Bulgaria Cambodia Cameroon Canada Chile China Colombia
    Congo Croatia Cuba Cyprus Czechia Denmark Ecuador Egypt England Eritrea Estonia Ethiopia Europe Finland
    France Georgia Germany Ghana Greece Guatemala Haiti Honduras Hungary Iceland India Indonesia Iran Iraq
    Ireland Israel Italy Japan Jordan Kazakhstan Kenya Kosovo Kuwait Kyrgyzstan Laos Latvia Lebanon Libya
    Lithuania Luxembourg Malaysia Mali Malta Mexico Moldova Mongolia Montenegro Morocco Mozambique Myanmar
    Namibia Nepal Netherlands Nicaragua Niger Nigeria Norway Oman Pakistan Palestine Panama Paraguay Peru
    Philippines Poland Portugal Qatar Romania Russia Rwanda Scotland Senegal Serbia Singapore Slovakia
    Slovenia Somalia Spain Sudan Sweden Switzerland Syria Taiwan Tajikistan Tanzania Thailand Tunisia
    Turkey Türkiye Turkmenistan Uganda Ukraine Uruguay Uzbekistan Venezuela Vietnam Wales Yemen Zambia
    Zimbabwe America Washington Moscow Beijing Kyiv Kiev Tehran Baghdad Damascus London Paris Berlin Tokyo
    Brussels Ankara Cairo Riyadh Jerusalem Seoul Pyongyang Delhi Islamabad Kabul Caracas Havana Ottawa
    Canberra NATO EU UN OPEC ASEAN Hamas Hezbollah Taliban Pentagon Kremlin Congress Parliament Beijing
    """.split()
)
SPOKES_NOUNS = frozenset({"spokesperson", "spokesman", "spokeswoman"})
# Honorifics and common first names that tell "he" from "she" (a person's gender as the text implies it).
MALE_WORDS = frozenset(
    """
    mr mr. sir lord king prince father brother uncle son spokesman congressman chairman councilman
    assemblyman businessman man boy husband
    james john robert michael william david richard joseph thomas charles christopher daniel matthew
    anthony mark donald steven paul andrew joshua kenneth kevin brian george timothy ronald edward jason
    jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin scott brandon benjamin samuel
    gregory alexander frank patrick raymond jack dennis jerry tyler aaron jose adam nathan henry douglas
    zachary peter kyle noah ethan jeremy walter christian keith roger terry austin sean gerald carl harold
    dylan arthur lawrence jordan jesse bryan billy bruce gabriel joe logan alan juan albert willie elijah
    wayne randy vincent mason roy ralph bobby russell bradley philip eugene bill jim tom mike bob ted jeb
    bernie barack mitt newt rand marco chris ben rick tim jeff dick al hugh ian neil colin nigel boris
    rishi keir vladimir emmanuel xi narendra recep benjamin joe kamala ahmed mohammed muhammad ali omar
    """.split()
)
FEMALE_WORDS = frozenset(
    """
    mrs mrs. ms ms. miss dame lady queen princess mother sister aunt daughter spokeswoman congresswoman
    chairwoman councilwoman assemblywoman businesswoman woman girl wife
    mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa betty margaret
    sandra ashley kimberly emily donna michelle dorothy carol amanda melissa deborah stephanie rebecca
    sharon laura cynthia kathleen amy shirley angela helen anna brenda pamela nicole emma samantha
    katherine christine debra rachel catherine carolyn janet ruth maria heather diane virginia julie
    joyce victoria olivia kelly christina lauren joan evelyn judith megan cheryl andrea hannah martha
    jacqueline frances gloria ann teresa kathryn sara janice jean alice madison doris abigail julia judy
    grace denise amber marilyn beverly danielle theresa sophia marie diana brittany natalie isabella
    charlotte rose alexis kayla hillary hilary chelsea sarah nikki carly elizabeth nancy kellyanne huma
    hope donna debbie condoleezza madeleine michele theresa angela ursula jacinda priya sabrina lena
    ana jane anne
    """.split()
)
