"""Hand-written translations of the demo offers (registry.generator's German patterns) into the finder's languages.

Written for the purpose by people who speak the languages, not machine-made; the demo gives a translation to a
realistic share of the published offers that claim a language (``translate_offers``), so the finder can be tried
out in every language. Place names stay German (they are isolated in the pages with ``<bdi>``).
"""

from __future__ import annotations

import hashlib
from typing import Any

#: German title of a pattern -> language -> (title, description).
OFFERS: dict[str, dict[str, tuple[str, str]]] = {
    "Deutschkurs für Anfängerinnen und Anfänger": {
        "en": (
            "German course for beginners",
            "Learn German from the very beginning in small groups, with childcare. Advice on further language courses.",
        ),
        "tr": (
            "Yeni başlayanlar için Almanca kursu",
            "Küçük gruplarda sıfırdan Almanca öğrenin, çocuk bakımı mevcuttur. Diğer dil kursları hakkında "
            "danışmanlık.",
        ),
        "ar": (
            "دورة لغة ألمانية للمبتدئين",
            "تعلّم الألمانية من البداية في مجموعات صغيرة مع رعاية للأطفال. استشارة حول دورات لغة أخرى.",
        ),
        "uk": (
            "Курс німецької мови для початківців",
            "Вивчайте німецьку з нуля в невеликих групах, з доглядом за дітьми. Консультація щодо інших мовних курсів.",
        ),
        "ru": (
            "Курс немецкого языка для начинающих",
            "Изучайте немецкий с нуля в небольших группах, с присмотром за детьми. Консультация о других языковых "
            "курсах.",
        ),
    },
    "Integrationskurs mit Alphabetisierung": {
        "en": (
            "Integration course with literacy training",
            "Integration course under the Residence Act with literacy training, orientation course and final exam.",
        ),
        "tr": (
            "Okuma yazma eğitimli uyum kursu",
            "Oturum Yasası'na göre okuma yazma eğitimi, oryantasyon kursu ve bitirme sınavı içeren uyum kursu.",
        ),
        "ar": (
            "دورة اندماج مع محو الأمية",
            "دورة اندماج وفق قانون الإقامة مع تعليم القراءة والكتابة ودورة توجيهية وامتحان ختامي.",
        ),
        "uk": (
            "Інтеграційний курс з навчанням грамоти",
            "Інтеграційний курс згідно із Законом про перебування з навчанням читання й письма, орієнтаційним "
            "курсом і підсумковим іспитом.",
        ),
        "ru": (
            "Интеграционный курс с обучением грамоте",
            "Интеграционный курс по Закону о пребывании с обучением чтению и письму, ориентационным курсом и "
            "итоговым экзаменом.",
        ),
    },
    "Sprachcafé": {
        "en": (
            "Language café",
            "An open meeting place to speak German over coffee and tea. Volunteers join the talks.",
        ),
        "tr": (
            "Dil kafesi",
            "Kahve ve çay eşliğinde Almanca konuşmak için açık buluşma yeri. Gönüllüler sohbetlere eşlik eder.",
        ),
        "ar": ("مقهى اللغة", "ملتقى مفتوح للتحدث بالألمانية مع القهوة والشاي. يرافق متطوعون المحادثات."),
        "uk": (
            "Мовне кафе",
            "Відкрите місце зустрічей, щоб говорити німецькою за кавою та чаєм. Розмови супроводжують волонтери.",
        ),
        "ru": (
            "Языковое кафе",
            "Открытое место встреч, чтобы говорить по-немецки за кофе и чаем. Беседы сопровождают волонтёры.",
        ),
    },
    "Migrationsberatung für Erwachsene (MBE)": {
        "en": (
            "Migration advice for adults (MBE)",
            "Advice for immigrants aged 27 and over on residence, work, housing, health and language.",
        ),
        "tr": (
            "Yetişkinler için göç danışmanlığı (MBE)",
            "27 yaş üstü göçmenlere oturum, çalışma, konut, sağlık ve dil konularında danışmanlık.",
        ),
        "ar": (
            "الاستشارة الخاصة بالهجرة للبالغين (MBE)",
            "استشارة للمهاجرين من عمر 27 عامًا حول الإقامة والعمل والسكن والصحة واللغة.",
        ),
        "uk": (
            "Міграційна консультація для дорослих (MBE)",
            "Консультація для іммігрантів від 27 років щодо перебування, роботи, житла, здоров'я та мови.",
        ),
        "ru": (
            "Миграционная консультация для взрослых (MBE)",
            "Консультация для иммигрантов от 27 лет по вопросам пребывания, работы, жилья, здоровья и языка.",
        ),
    },
    "Jugendmigrationsdienst": {
        "en": (
            "Youth migration service",
            "Advice and support for young people with a migration background aged 12 to 27: school, training, work.",
        ),
        "tr": (
            "Gençlik göç servisi",
            "12-27 yaş arası göçmen kökenli gençlere okul, meslek eğitimi ve iş konularında danışmanlık ve destek.",
        ),
        "ar": (
            "خدمة الشباب المهاجرين",
            "استشارة ومرافقة للشباب من أصول مهاجرة بين 12 و27 عامًا: المدرسة والتدريب المهني والعمل.",
        ),
        "uk": (
            "Молодіжна міграційна служба",
            "Консультація та супровід молоді з міграційною історією віком від 12 до 27 років: школа, професійне "
            "навчання, робота.",
        ),
        "ru": (
            "Молодёжная миграционная служба",
            "Консультация и сопровождение молодёжи с миграционной историей от 12 до 27 лет: школа, "
            "профобучение, работа.",
        ),
    },
    "Elterncafé": {
        "en": (
            "Parents' café",
            "Exchange for parents about day care, school and parenting, with interpreters and childcare.",
        ),
        "tr": (
            "Veli kafesi",
            "Kreş, okul ve çocuk eğitimi üzerine veliler için sohbet; tercümanlar ve çocuk bakımı ile.",
        ),
        "ar": ("مقهى الأهل", "لقاء لتبادل الخبرات بين الأهل حول الحضانة والمدرسة والتربية، مع مترجمات ورعاية للأطفال."),
        "uk": (
            "Кафе для батьків",
            "Обмін досвідом для батьків про дитсадок, школу й виховання, з перекладачками та доглядом за дітьми.",
        ),
        "ru": (
            "Кафе для родителей",
            "Обмен опытом для родителей о детском саде, школе и воспитании, с переводчицами и присмотром за детьми.",
        ),
    },
    "Hausaufgabenhilfe": {
        "en": ("Homework help", "Volunteers help children with their homework and with reading, twice a week."),
        "tr": ("Ödev yardımı", "Gönüllüler çocuklara haftada iki kez ödevlerinde ve okumada yardım eder."),
        "ar": (
            "مساعدة في الواجبات المدرسية",
            "يساعد متطوعون الأطفال في واجباتهم المدرسية وفي القراءة مرتين في الأسبوع.",
        ),
        "uk": (
            "Допомога з домашніми завданнями",
            "Волонтери допомагають дітям з домашніми завданнями та читанням двічі на тиждень.",
        ),
        "ru": (
            "Помощь с домашними заданиями",
            "Волонтёры помогают детям с домашними заданиями и чтением два раза в неделю.",
        ),
    },
    "Beratung gegen Rechtsextremismus": {
        "en": (
            "Counselling against right-wing extremism",
            "Mobile counselling for those affected, their families, schools and associations after right-wing "
            "extremist and racist incidents.",
        ),
        "tr": (
            "Sağcı aşırılığa karşı danışmanlık",
            "Sağcı aşırı ve ırkçı olaylarda mağdurlara, yakınlarına, okullara ve derneklere gezici danışmanlık.",
        ),
        "ar": (
            "استشارة ضد التطرف اليميني",
            "استشارة متنقلة للمتضررين وذويهم والمدارس والجمعيات عند وقوع حوادث يمينية متطرفة أو عنصرية.",
        ),
        "uk": (
            "Консультація проти правого екстремізму",
            "Мобільна консультація для постраждалих, їхніх рідних, шкіл і об'єднань у разі правоекстремістських "
            "і расистських інцидентів.",
        ),
        "ru": (
            "Консультация против правого экстремизма",
            "Мобильная консультация для пострадавших, их близких, школ и объединений при правоэкстремистских и "
            "расистских инцидентах.",
        ),
    },
    "Antidiskriminierungsberatung": {
        "en": (
            "Anti-discrimination counselling",
            "Independent counselling on discrimination at work, on the housing market and by public authorities.",
        ),
        "tr": (
            "Ayrımcılığa karşı danışmanlık",
            "İş yerinde, konut piyasasında ve resmi dairelerde ayrımcılığa karşı bağımsız danışmanlık.",
        ),
        "ar": (
            "استشارة مناهضة التمييز",
            "استشارة مستقلة في حالات التمييز في العمل وسوق السكن ولدى الدوائر الرسمية.",
        ),
        "uk": (
            "Консультація з питань дискримінації",
            "Незалежна консультація у разі дискримінації на роботі, на ринку житла та в органах влади.",
        ),
        "ru": (
            "Консультация по вопросам дискриминации",
            "Независимая консультация при дискриминации на работе, на рынке жилья и в государственных органах.",
        ),
    },
    "Bewerbungstraining": {
        "en": (
            "Job application training",
            "Practise your CV, cover letter and job interview; clarify the recognition of foreign qualifications.",
        ),
        "tr": (
            "İş başvurusu eğitimi",
            "Özgeçmiş, ön yazı ve iş görüşmesi alıştırması; yurt dışı diplomaların denkliğini netleştirme.",
        ),
        "ar": (
            "تدريب على طلبات العمل",
            "التدرّب على السيرة الذاتية ورسالة التقديم ومقابلة العمل، وتوضيح الاعتراف بالشهادات الأجنبية.",
        ),
        "uk": (
            "Тренінг із працевлаштування",
            "Підготовка резюме, супровідного листа й співбесіди; з'ясування визнання іноземних дипломів.",
        ),
        "ru": (
            "Тренинг по трудоустройству",
            "Подготовка резюме, сопроводительного письма и собеседования; выяснение признания иностранных дипломов.",
        ),
    },
    "Anerkennungsberatung für ausländische Berufsabschlüsse": {
        "en": (
            "Advice on the recognition of foreign qualifications",
            "Advice on recognising vocational and university qualifications from abroad, referral to adaptation "
            "training.",
        ),
        "tr": (
            "Yurt dışı meslek diplomalarının denkliği için danışmanlık",
            "Yurt dışında alınan meslek ve üniversite diplomalarının denkliği hakkında danışmanlık, uyum "
            "eğitimlerine yönlendirme.",
        ),
        "ar": (
            "استشارة الاعتراف بالشهادات المهنية الأجنبية",
            "استشارة حول الاعتراف بالشهادات المهنية والجامعية من الخارج، والتوجيه إلى دورات التأهيل التكميلي.",
        ),
        "uk": (
            "Консультація з визнання іноземних професійних кваліфікацій",
            "Консультація щодо визнання професійних і університетських дипломів, здобутих за кордоном, "
            "направлення на адаптаційні курси.",
        ),
        "ru": (
            "Консультация по признанию иностранных профессиональных квалификаций",
            "Консультация по признанию профессиональных и вузовских дипломов, полученных за рубежом, "
            "направление на адаптационные курсы.",
        ),
    },
    "Frauentreff international": {
        "en": (
            "International women's meeting",
            "A meeting place for women from all countries with outings, courses and advice.",
        ),
        "tr": (
            "Uluslararası kadın buluşması",
            "Her ülkeden kadınlar için geziler, kurslar ve danışmanlık sunan buluşma yeri.",
        ),
        "ar": ("ملتقى النساء الدولي", "ملتقى للنساء من جميع البلدان مع رحلات ودورات واستشارات."),
        "uk": ("Міжнародний жіночий клуб", "Місце зустрічей для жінок з усіх країн: екскурсії, курси та консультації."),
        "ru": ("Международный женский клуб", "Место встреч для женщин из всех стран: экскурсии, курсы и консультации."),
    },
    "Gesundheitslotsinnen": {
        "en": (
            "Health guides",
            "Trained guides accompany you to doctors and explain the health system in many languages.",
        ),
        "tr": (
            "Sağlık rehberleri",
            "Eğitimli rehberler doktora gidişlerde size eşlik eder ve sağlık sistemini birçok dilde anlatır.",
        ),
        "ar": (
            "مرشدات صحيات",
            "ترافقكم مرشدات مدرّبات إلى الطبيبات والأطباء ويشرحن النظام الصحي بلغات عديدة.",
        ),
        "uk": (
            "Провідниці у сфері здоров'я",
            "Навчені провідниці супроводжують до лікарів і пояснюють систему охорони здоров'я багатьма мовами.",
        ),
        "ru": (
            "Проводницы в сфере здоровья",
            "Обученные проводницы сопровождают к врачам и объясняют систему здравоохранения на многих языках.",
        ),
    },
    "Wohnungssuche leicht gemacht": {
        "en": (
            "Finding a flat made easy",
            "Help with finding a flat, with tenancy agreements and dealing with landlords.",
        ),
        "tr": ("Kolay ev arama", "Ev aramada, kira sözleşmelerinde ve ev sahipleriyle iletişimde yardım."),
        "ar": ("البحث عن سكن بسهولة", "مساعدة في البحث عن مسكن وفي عقود الإيجار والتعامل مع المؤجرين."),
        "uk": (
            "Пошук житла без труднощів",
            "Допомога в пошуку житла, з договорами оренди та у спілкуванні з орендодавцями.",
        ),
        "ru": ("Поиск жилья без труда", "Помощь в поиске жилья, с договорами аренды и в общении с арендодателями."),
    },
    "Fußball für alle": {
        "en": (
            "Football for everyone",
            "Open football training for children and young people, whatever their origin or club membership.",
        ),
        "tr": (
            "Herkes için futbol",
            "Kökeni ve kulüp üyeliği ne olursa olsun çocuklar ve gençler için açık futbol antrenmanı.",
        ),
        "ar": (
            "كرة القدم للجميع",
            "تدريب مفتوح على كرة القدم للأطفال والشباب بغض النظر عن الأصل أو العضوية في نادٍ.",
        ),
        "uk": (
            "Футбол для всіх",
            "Відкриті футбольні тренування для дітей і молоді незалежно від походження та членства в клубі.",
        ),
        "ru": (
            "Футбол для всех",
            "Открытые футбольные тренировки для детей и молодёжи независимо от происхождения и членства в клубе.",
        ),
    },
    "Interkulturelles Theaterprojekt": {
        "en": ("Intercultural theatre project", "Young people develop a play together about home and arriving."),
        "tr": (
            "Kültürlerarası tiyatro projesi",
            "Gençler birlikte yurt ve yeni bir yere varış üzerine bir oyun hazırlıyor.",
        ),
        "ar": ("مشروع مسرحي بين الثقافات", "يطوّر الشباب معًا مسرحية عن الوطن والوصول إلى مكان جديد."),
        "uk": ("Міжкультурний театральний проєкт", "Молодь разом створює виставу про дім і новий початок."),
        "ru": ("Межкультурный театральный проект", "Молодёжь вместе создаёт спектакль о родине и новом начале."),
    },
    "Asylverfahrensberatung": {
        "en": (
            "Asylum procedure counselling",
            "Independent counselling on the asylum procedure, the hearing, the decision and legal remedies.",
        ),
        "tr": (
            "İltica süreci danışmanlığı",
            "İltica süreci, mülakat, karar ve itiraz yolları hakkında bağımsız danışmanlık.",
        ),
        "ar": (
            "استشارة إجراءات اللجوء",
            "استشارة مستقلة حول إجراءات اللجوء والمقابلة والقرار وطرق الطعن القانونية.",
        ),
        "uk": (
            "Консультація щодо процедури надання притулку",
            "Незалежна консультація щодо процедури надання притулку, співбесіди, рішення та засобів оскарження.",
        ),
        "ru": (
            "Консультация по процедуре предоставления убежища",
            "Независимая консультация по процедуре предоставления убежища, собеседованию, решению и обжалованию.",
        ),
    },
    "Patenschaftsprogramm Ankommen": {
        "en": ("Mentoring programme for newcomers", "Volunteer mentors support newcomers during their first months."),
        "tr": ("Yeni gelenler için rehberlik programı", "Gönüllü rehberler yeni gelenlere ilk aylarında eşlik eder."),
        "ar": ("برنامج الرعاية للقادمين الجدد", "يرافق متطوعات ومتطوعون القادمين الجدد في أشهرهم الأولى."),
        "uk": (
            "Програма наставництва для новоприбулих",
            "Волонтери-наставники супроводжують новоприбулих у перші місяці.",
        ),
        "ru": (
            "Программа наставничества для новоприбывших",
            "Волонтёры-наставники сопровождают новоприбывших в первые месяцы.",
        ),
    },
    "Seniorentreff international": {
        "en": (
            "International senior citizens' meeting",
            "Meetings and advice on care and pensions for older people with a migration background.",
        ),
        "tr": (
            "Uluslararası yaşlılar buluşması",
            "Göçmen kökenli yaşlılar için buluşma ile bakım ve emeklilik konularında danışmanlık.",
        ),
        "ar": (
            "ملتقى كبار السن الدولي",
            "لقاءات واستشارة حول الرعاية والتقاعد لكبار السن من أصول مهاجرة.",
        ),
        "uk": (
            "Міжнародний клуб для людей похилого віку",
            "Зустрічі та консультації щодо догляду й пенсії для людей похилого віку з міграційною історією.",
        ),
        "ru": (
            "Международный клуб для пожилых людей",
            "Встречи и консультации по уходу и пенсии для пожилых людей с миграционной историей.",
        ),
    },
    "Queere Beratung für Geflüchtete": {
        "en": ("Queer counselling for refugees", "Confidential counselling and group meetings for LGBTIQ* refugees."),
        "tr": ("Mülteciler için kuir danışmanlık", "LGBTİQ* mülteciler için gizli danışmanlık ve grup buluşmaları."),
        "ar": ("استشارة لمجتمع الميم من اللاجئين", "استشارة سرية ولقاءات جماعية للاجئين من مجتمع الميم (LGBTIQ*)."),
        "uk": (
            "Квір-консультація для біженців",
            "Конфіденційна консультація та групові зустрічі для ЛГБТІК*-біженців.",
        ),
        "ru": (
            "Квир-консультация для беженцев",
            "Конфиденциальная консультация и групповые встречи для ЛГБТИК*-беженцев.",
        ),
    },
    "Workshop Demokratie leben": {
        "en": (
            "Workshop: Living democracy",
            "Workshops at schools on democracy, diversity and civil courage against racism.",
        ),
        "tr": (
            "Demokrasiyi yaşamak atölyesi",
            "Okullarda demokrasi, çeşitlilik ve ırkçılığa karşı sivil cesaret üzerine atölyeler.",
        ),
        "ar": (
            "ورشة عمل: لنعش الديمقراطية",
            "ورش عمل في المدارس حول الديمقراطية والتنوع والشجاعة المدنية ضد العنصرية.",
        ),
        "uk": (
            "Воркшоп «Жити демократією»",
            "Воркшопи в школах про демократію, різноманіття та громадянську мужність проти расизму.",
        ),
        "ru": (
            "Воркшоп «Жить демократией»",
            "Воркшопы в школах о демократии, многообразии и гражданском мужестве против расизма.",
        ),
    },
    "Übersetzungs- und Dolmetscherdienst": {
        "en": (
            "Translation and interpreting service",
            "Volunteer interpreters accompany you to public authorities, schools and doctors' surgeries.",
        ),
        "tr": (
            "Çeviri ve tercümanlık hizmeti",
            "Gönüllü tercümanlar resmi dairelere, okullara ve muayenehanelere gidişlerde eşlik eder.",
        ),
        "ar": (
            "خدمة الترجمة التحريرية والفورية",
            "ترافقكم مترجمات ومترجمون متطوعون إلى الدوائر الرسمية والمدارس وعيادات الأطباء.",
        ),
        "uk": (
            "Служба письмового та усного перекладу",
            "Волонтери-перекладачі супроводжують до органів влади, шкіл і лікарських кабінетів.",
        ),
        "ru": (
            "Служба письменного и устного перевода",
            "Волонтёры-переводчики сопровождают в государственные органы, школы и врачебные кабинеты.",
        ),
    },
    "Mütter lernen Deutsch": {
        "en": ("Mothers learn German", "German course for mothers in the morning, with care for children under three."),
        "tr": ("Anneler Almanca öğreniyor", "Anneler için sabah Almanca kursu; aynı anda üç yaş altı çocuklara bakım."),
        "ar": ("الأمهات يتعلّمن الألمانية", "دورة ألمانية للأمهات في الصباح، مع رعاية موازية للأطفال دون الثالثة."),
        "uk": ("Мами вивчають німецьку", "Курс німецької для мам уранці, паралельно догляд за дітьми до трьох років."),
        "ru": ("Мамы учат немецкий", "Курс немецкого для мам по утрам, параллельно присмотр за детьми до трёх лет."),
    },
    "Berufssprachkurs B2": {
        "en": (
            "Job-related German course B2",
            "German for work at level B2 with the language of care, skilled trades and office work.",
        ),
        "tr": (
            "B2 mesleki dil kursu",
            "B2 seviyesinde iş hayatı için Almanca; bakım, zanaat ve büro alanlarının mesleki dili ile.",
        ),
        "ar": (
            "دورة اللغة المهنية B2",
            "الألمانية للعمل بمستوى B2 مع لغة الاختصاص في التمريض والحِرَف والأعمال المكتبية.",
        ),
        "uk": (
            "Професійний мовний курс B2",
            "Німецька для роботи на рівні B2 з фаховою мовою для догляду, ремесел та офісу.",
        ),
        "ru": (
            "Профессиональный языковой курс B2",
            "Немецкий для работы на уровне B2 с профессиональной лексикой для ухода, ремёсел и офиса.",
        ),
    },
}

#: The generator's title suffixes.
SUFFIXES: dict[str, dict[str, str]] = {
    "": {"en": "", "tr": "", "ar": "", "uk": "", "ru": ""},
    " am Abend": {"en": " in the evening", "tr": " (akşam)", "ar": " (مساءً)", "uk": " (увечері)", "ru": " (вечером)"},
    " am Wochenende": {
        "en": " at the weekend",
        "tr": " (hafta sonu)",
        "ar": " (في عطلة نهاية الأسبوع)",
        "uk": " (у вихідні)",
        "ru": " (по выходным)",
    },
    " für Frauen": {
        "en": " for women",
        "tr": " (kadınlar için)",
        "ar": " للنساء",
        "uk": " для жінок",
        "ru": " для женщин",
    },
    " online und vor Ort": {
        "en": " online and in person",
        "tr": " (çevrimiçi ve yüz yüze)",
        "ar": " (عبر الإنترنت وحضوريًا)",
        "uk": " (онлайн і на місці)",
        "ru": " (онлайн и очно)",
    },
    " im Stadtteil": {
        "en": " in the neighbourhood",
        "tr": " (mahallede)",
        "ar": " في الحي",
        "uk": " у вашому районі",
        "ru": " в вашем районе",
    },
    " – Neustart": {
        "en": " – new start",
        "tr": " – yeniden başlangıç",
        "ar": " – بداية جديدة",
        "uk": " – новий старт",
        "ru": " – новый старт",
    },
}
#: "<title> in <place>" per language (place names stay German; Turkish and Slavic cases are avoided by a dash).
PLACE: dict[str, str] = {
    "en": "{title} in {place}",
    "tr": "{title} – {place}",
    "ar": "{title} في {place}",
    "uk": "{title} — {place}",
    "ru": "{title} — {place}",
}
#: The generator's schedule notes, accessibility notes and cost description.
NOTES: dict[str, dict[str, str]] = {
    "nicht in den Schulferien": {
        "en": "not during school holidays",
        "tr": "okul tatillerinde yok",
        "ar": "لا يُقدَّم في العطل المدرسية",
        "uk": "крім шкільних канікул",
        "ru": "кроме школьных каникул",
    },
    "Anmeldung erbeten": {
        "en": "please register in advance",
        "tr": "lütfen önceden kayıt olun",
        "ar": "يُرجى التسجيل مسبقًا",
        "uk": "просимо попередньо зареєструватися",
        "ru": "просим предварительно записаться",
    },
    "Barrierefreier Zugang mit Aufzug": {
        "en": "Step-free access with a lift",
        "tr": "Asansörlü engelsiz giriş",
        "ar": "مدخل خالٍ من العوائق مع مصعد",
        "uk": "Безбар'єрний доступ із ліфтом",
        "ru": "Безбарьерный доступ с лифтом",
    },
    "Ebenerdiger Eingang": {
        "en": "Ground-level entrance",
        "tr": "Zemin seviyesinde giriş",
        "ar": "مدخل على مستوى الأرض",
        "uk": "Вхід на рівні землі",
        "ru": "Вход на уровне земли",
    },
    "Kostenbeitrag 10 € im Monat, ermäßigt frei": {
        "en": "Fee of €10 a month, free with a concession",
        "tr": "Aylık 10 € katkı payı, indirimli olarak ücretsiz",
        "ar": "مساهمة قدرها 10 يورو شهريًا، ومجانًا للمستحقين للتخفيض",
        "uk": "Внесок 10 € на місяць, пільговикам безкоштовно",
        "ru": "Взнос 10 € в месяц, льготникам бесплатно",
    },
}
LANGUAGES = ("en", "tr", "ar", "uk", "ru")
#: Share of the published offers claiming a language that get a translation into it (organisations translate
#: some of their offers, not all).
SHARE = 0.45


def _split(title: str) -> tuple[str, str, str] | None:
    """(pattern, suffix, place) of a generated title "<pattern><suffix> in <place>", None for other titles."""
    for pattern in sorted(OFFERS, key=len, reverse=True):
        if not title.startswith(pattern):
            continue
        rest = title[len(pattern) :]
        for suffix in sorted(SUFFIXES, key=len, reverse=True):
            if rest.startswith(suffix + " in "):
                return pattern, suffix, rest[len(suffix) + 4 :]
    return None


def translation_of(offer: Any, language: str) -> dict[str, str] | None:
    """The hand-written texts of a generated offer in ``language`` (None when its title is not a pattern's)."""
    parts = _split(offer.title)
    if parts is None or language not in LANGUAGES:
        return None
    pattern, suffix, place = parts
    title, description = OFFERS[pattern][language]
    texts = {
        "title": PLACE[language].format(title=title + SUFFIXES[suffix][language], place=place),
        "description": description,
    }
    for name in ("schedule_note", "accessibility", "cost_description"):
        german = getattr(offer, name, "")
        texts[name] = NOTES.get(german, {}).get(language, "") if german else ""
    return texts


def chosen(offer_id: Any, language: str) -> bool:
    """Deterministic choice of about ``SHARE`` of the offers per language."""
    digest = hashlib.blake2b(f"{offer_id}:{language}".encode(), digest_size=2).digest()
    return int.from_bytes(digest, "big") < SHARE * 65536
