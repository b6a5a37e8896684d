"""Translations of the public finder's strings: msgid -> (en, tr, ar, uk, ru)."""

# msgid: (en, tr, ar, uk, ru)
T = {
    "Teilhabe NRW": ("Teilhabe NRW",) * 5,
    "Zum Inhalt springen": (
        "Skip to content",
        "İçeriğe geç",
        "انتقل إلى المحتوى",
        "Перейти до змісту",
        "Перейти к содержанию",
    ),
    "Ein Angebot des Landes Nordrhein-Westfalen": (
        "A service of the State of North Rhine-Westphalia",
        "Kuzey Ren-Vestfalya Eyaleti'nin bir hizmeti",
        "خدمة من ولاية شمال الراين-وستفاليا",
        "Сервіс землі Північний Рейн-Вестфалія",
        "Сервис земли Северный Рейн-Вестфалия",
    ),
    "Integrationsplattform des Landes und der Kommunen": (
        "Integration platform of the state and its municipalities",
        "Eyalet ve belediyelerin uyum platformu",
        "منصة الاندماج للولاية والبلديات",
        "Платформа інтеграції землі та громад",
        "Платформа интеграции земли и муниципалитетов",
    ),
    "Sprache": ("Language", "Dil", "اللغة", "Мова", "Язык"),
    "Wechseln": ("Switch", "Değiştir", "تغيير", "Змінити", "Сменить"),
    "Abmelden": ("Log out", "Çıkış yap", "تسجيل الخروج", "Вийти", "Выйти"),
    "Anmelden": ("Log in", "Giriş yap", "تسجيل الدخول", "Увійти", "Войти"),
    "Hauptnavigation": ("Main navigation", "Ana menü", "التنقل الرئيسي", "Головна навігація", "Главная навигация"),
    "Start": ("Home", "Ana sayfa", "الرئيسية", "Головна", "Главная"),
    "Administration": ("Administration", "Yönetim", "الإدارة", "Адміністрування", "Администрирование"),
    "Kreise und Gemeinden": (
        "Districts and municipalities",
        "İlçeler ve belediyeler",
        "المقاطعات والبلديات",
        "Райони та громади",
        "Районы и общины",
    ),
    "Offene Daten und API": (
        "Open data and API",
        "Açık veri ve API",
        "البيانات المفتوحة وواجهة البرمجة",
        "Відкриті дані та API",
        "Открытые данные и API",
    ),
    "Angebote finden": ("Find services", "Hizmet bul", "ابحث عن خدمات", "Знайти послуги", "Найти услуги"),
    "Hilfe und Angebote in Ihrer Nähe, in Ihrer Sprache": (
        "Help and services near you, in your language",
        "Yakınınızda, kendi dilinizde yardım ve hizmetler",
        "مساعدة وخدمات بالقرب منك وبلغتك",
        "Допомога та послуги поруч із вами, вашою мовою",
        "Помощь и услуги рядом с вами, на вашем языке",
    ),
    "Beratung, Sprachkurse, Treffpunkte und Hilfe in Nordrhein-Westfalen – in Ihrer Nähe und in Ihrer Sprache.": (
        "Counselling, language courses, meeting places and help in North Rhine-Westphalia – near you and in your language.",
        "Kuzey Ren-Vestfalya'da danışmanlık, dil kursları, buluşma yerleri ve yardım – yakınınızda ve kendi dilinizde.",
        "استشارات ودورات لغة وأماكن لقاء ومساعدة في شمال الراين-وستفاليا – بالقرب منك وبلغتك.",
        "Консультації, мовні курси, місця зустрічей і допомога в Північному Рейні-Вестфалії – поруч із вами та вашою мовою.",
        "Консультации, языковые курсы, места встреч и помощь в Северном Рейне-Вестфалии – рядом с вами и на вашем языке.",
    ),
    "Angebote suchen": ("Search services", "Hizmet ara", "البحث عن خدمات", "Пошук послуг", "Поиск услуг"),
    "Was suchen Sie?": ("What are you looking for?", "Ne arıyorsunuz?", "عمّ تبحث؟", "Що ви шукаєте?", "Что вы ищете?"),
    "z. B. Deutschkurs, Beratung, Elterncafé": (
        "e.g. German course, counselling, parents' café",
        "örn. Almanca kursu, danışmanlık, veli kafesi",
        "مثلاً: دورة ألمانية، استشارة، مقهى الأهل",
        "напр. курс німецької, консультація, кафе для батьків",
        "напр. курс немецкого, консультация, кафе для родителей",
    ),
    "Wo? (PLZ oder Ort)": (
        "Where? (postcode or town)",
        "Nerede? (posta kodu veya yer)",
        "أين؟ (الرمز البريدي أو المدينة)",
        "Де? (індекс або місто)",
        "Где? (индекс или город)",
    ),
    "z. B. 50667 oder Köln": (
        "e.g. 50667 or Köln",
        "örn. 50667 veya Köln",
        "مثلاً 50667 أو كولونيا",
        "напр. 50667 або Кельн",
        "напр. 50667 или Кёльн",
    ),
    "Umkreis": ("Radius", "Yarıçap", "النطاق", "Радіус", "Радиус"),
    "Suchen": ("Search", "Ara", "بحث", "Шукати", "Искать"),
    "Filter": ("Filters", "Filtreler", "عوامل التصفية", "Фільтри", "Фильтры"),
    "Thema": ("Topic", "Konu", "الموضوع", "Тема", "Тема"),
    "Sprache des Angebots": ("Language of the service", "Hizmetin dili", "لغة الخدمة", "Мова послуги", "Язык услуги"),
    "Zielgruppe": ("Target group", "Hedef grup", "الفئة المستهدفة", "Цільова група", "Целевая группа"),
    "Art des Trägers": ("Type of provider", "Kurum türü", "نوع الجهة المقدمة", "Тип організації", "Тип организации"),
    "Kreis oder kreisfreie Stadt": (
        "District or city",
        "İlçe veya şehir",
        "المقاطعة أو المدينة",
        "Район або місто",
        "Район или город",
    ),
    "Sortierung": ("Sort by", "Sıralama", "الترتيب", "Сортування", "Сортировка"),
    "beste Treffer zuerst": (
        "best match first",
        "en uygun önce",
        "الأكثر صلة أولاً",
        "найкращі збіги спочатку",
        "сначала лучшие совпадения",
    ),
    "nächste zuerst": ("nearest first", "en yakın önce", "الأقرب أولاً", "найближчі спочатку", "сначала ближайшие"),
    "ganz NRW": ("all of NRW", "tüm NRW", "كامل الولاية", "уся земля NRW", "вся земля NRW"),
    "Filter anwenden": (
        "Apply filters",
        "Filtreleri uygula",
        "تطبيق عوامل التصفية",
        "Застосувати фільтри",
        "Применить фильтры",
    ),
    "Alles zurücksetzen": ("Reset all", "Tümünü sıfırla", "إعادة تعيين الكل", "Скинути все", "Сбросить всё"),
    "im Umkreis von %(radius)s km um %(place)s": (
        "within %(radius)s km of %(place)s",
        "%(place)s çevresinde %(radius)s km içinde",
        "ضمن %(radius)s كم حول %(place)s",
        "у радіусі %(radius)s км від %(place)s",
        "в радиусе %(radius)s км от %(place)s",
    ),
    "Karte der Treffer": (
        "Map of results",
        "Sonuç haritası",
        "خريطة النتائج",
        "Карта результатів",
        "Карта результатов",
    ),
    "Die Karte zeigt die Orte der Treffer; alle Angebote stehen auch in der Liste.": (
        "The map shows where the results are; every service is also in the list.",
        "Harita sonuçların yerlerini gösterir; tüm hizmetler listede de yer alır.",
        "تعرض الخريطة أماكن النتائج؛ وجميع الخدمات موجودة أيضاً في القائمة.",
        "Карта показує місця результатів; усі послуги є також у списку.",
        "Карта показывает места результатов; все услуги есть и в списке.",
    ),
    "%(km)s km entfernt": ("%(km)s km away", "%(km)s km uzaklıkta", "على بعد %(km)s كم", "за %(km)s км", "в %(km)s км"),
    "Keine Angebote gefunden. Versuchen Sie einen anderen Begriff oder einen größeren Umkreis.": (
        "No services found. Try another word or a larger radius.",
        "Hizmet bulunamadı. Başka bir kelime veya daha geniş bir alan deneyin.",
        "لم يتم العثور على خدمات. جرّب كلمة أخرى أو نطاقاً أوسع.",
        "Послуг не знайдено. Спробуйте інше слово або більший радіус.",
        "Услуги не найдены. Попробуйте другое слово или больший радиус.",
    ),
    "Seiten": ("Pages", "Sayfalar", "الصفحات", "Сторінки", "Страницы"),
    "Vorherige Seite": ("Previous page", "Önceki sayfa", "الصفحة السابقة", "Попередня сторінка", "Предыдущая страница"),
    "Nächste Seite": ("Next page", "Sonraki sayfa", "الصفحة التالية", "Наступна сторінка", "Следующая страница"),
    "Seite %(number)s von %(total)s": (
        "Page %(number)s of %(total)s",
        "Sayfa %(number)s / %(total)s",
        "الصفحة %(number)s من %(total)s",
        "Сторінка %(number)s з %(total)s",
        "Страница %(number)s из %(total)s",
    ),
    "Zurück zur Suche": ("Back to search", "Aramaya dön", "العودة إلى البحث", "Назад до пошуку", "Назад к поиску"),
    "Themen": ("Topics", "Konular", "المواضيع", "Теми", "Темы"),
    "Für wen": ("For whom", "Kimin için", "لمن", "Для кого", "Для кого"),
    "Sprachen": ("Languages", "Diller", "اللغات", "Мови", "Языки"),
    "Wann": ("When", "Ne zaman", "متى", "Коли", "Когда"),
    "nach Vereinbarung": ("by appointment", "randevu ile", "بموعد مسبق", "за домовленістю", "по договорённости"),
    "Kosten": ("Cost", "Ücret", "التكلفة", "Вартість", "Стоимость"),
    "kostenlos": ("free of charge", "ücretsiz", "مجاني", "безкоштовно", "бесплатно"),
    "kostenpflichtig": ("fee required", "ücretli", "برسوم", "платно", "платно"),
    "Barrierefreiheit": ("Accessibility", "Erişilebilirlik", "إمكانية الوصول", "Доступність", "Доступность"),
    "Kontakt": ("Contact", "İletişim", "التواصل", "Контакт", "Контакт"),
    "Telefon": ("Phone", "Telefon", "الهاتف", "Телефон", "Телефон"),
    "E-Mail": ("Email", "E-posta", "البريد الإلكتروني", "Ел. пошта", "Эл. почта"),
    "Wo": ("Where", "Nerede", "أين", "Де", "Где"),
    "Karte mit dem Ort des Angebots": (
        "Map showing where the service takes place",
        "Hizmetin yerini gösteren harita",
        "خريطة تبيّن مكان الخدمة",
        "Карта з місцем послуги",
        "Карта с местом услуги",
    ),
    "gültig bis": ("valid until", "geçerlilik sonu", "صالح حتى", "дійсно до", "действует до"),
    "Montag": ("Monday", "Pazartesi", "الاثنين", "Понеділок", "Понедельник"),
    "Dienstag": ("Tuesday", "Salı", "الثلاثاء", "Вівторок", "Вторник"),
    "Mittwoch": ("Wednesday", "Çarşamba", "الأربعاء", "Середа", "Среда"),
    "Donnerstag": ("Thursday", "Perşembe", "الخميس", "Четвер", "Четверг"),
    "Freitag": ("Friday", "Cuma", "الجمعة", "Пʼятниця", "Пятница"),
    "Samstag": ("Saturday", "Cumartesi", "السبت", "Субота", "Суббота"),
    "Sonntag": ("Sunday", "Pazar", "الأحد", "Неділя", "Воскресенье"),
    "Diese Postleitzahl kennen wir in NRW nicht.": (
        "We do not know this postcode in NRW.",
        "Bu posta kodu NRW'de bulunamadı.",
        "هذا الرمز البريدي غير معروف في الولاية.",
        "Цей індекс у NRW нам невідомий.",
        "Этот индекс в NRW нам неизвестен.",
    ),
    "Diesen Ort kennen wir in NRW nicht. Versuchen Sie es mit der Postleitzahl.": (
        "We do not know this place in NRW. Please try the postcode.",
        "Bu yeri NRW'de bulamadık. Lütfen posta kodunu deneyin.",
        "هذا المكان غير معروف في الولاية. جرّب الرمز البريدي.",
        "Це місце в NRW нам невідоме. Спробуйте індекс.",
        "Это место в NRW нам неизвестно. Попробуйте индекс.",
    ),
    "Sprache und Deutschkurse": (
        "Language and German courses",
        "Dil ve Almanca kursları",
        "اللغة ودورات اللغة الألمانية",
        "Мова та курси німецької",
        "Язык и курсы немецкого",
    ),
    "Bildung und Schule": (
        "Education and school",
        "Eğitim ve okul",
        "التعليم والمدرسة",
        "Освіта і школа",
        "Образование и школа",
    ),
    "Arbeit und Beruf": ("Work and career", "İş ve meslek", "العمل والمهنة", "Робота і професія", "Работа и профессия"),
    "Gesundheit": ("Health", "Sağlık", "الصحة", "Здоровʼя", "Здоровье"),
    "Wohnen": ("Housing", "Konut", "السكن", "Житло", "Жильё"),
    "Beratung": ("Counselling", "Danışmanlık", "الاستشارة", "Консультації", "Консультации"),
    "Kinder und Familie": ("Children and family", "Çocuk ve aile", "الأطفال والأسرة", "Діти і сімʼя", "Дети и семья"),
    "Teilhabe und Engagement": (
        "Participation and volunteering",
        "Katılım ve gönüllülük",
        "المشاركة والتطوع",
        "Участь і волонтерство",
        "Участие и волонтёрство",
    ),
    "Antidiskriminierung": (
        "Anti-discrimination",
        "Ayrımcılıkla mücadele",
        "مكافحة التمييز",
        "Протидія дискримінації",
        "Борьба с дискриминацией",
    ),
    "Prävention von Rechtsextremismus und Rassismus": (
        "Preventing right-wing extremism and racism",
        "Sağ aşırıcılık ve ırkçılığın önlenmesi",
        "الوقاية من التطرف اليميني والعنصرية",
        "Протидія правому екстремізму та расизму",
        "Профилактика правого экстремизма и расизма",
    ),
    "Sport und Kultur": (
        "Sport and culture",
        "Spor ve kültür",
        "الرياضة والثقافة",
        "Спорт і культура",
        "Спорт и культура",
    ),
    "Recht und Aufenthalt": (
        "Law and residence",
        "Hukuk ve oturum",
        "القانون والإقامة",
        "Право і перебування",
        "Право и пребывание",
    ),
    "Geflüchtete": ("Refugees", "Mülteciler", "اللاجئون", "Біженці", "Беженцы"),
    "Neuzugewanderte": ("Newcomers", "Yeni gelenler", "القادمون الجدد", "Новоприбулі", "Недавно прибывшие"),
    "Frauen": ("Women", "Kadınlar", "النساء", "Жінки", "Женщины"),
    "Kinder": ("Children", "Çocuklar", "الأطفال", "Діти", "Дети"),
    "Jugendliche": ("Young people", "Gençler", "الشباب", "Молодь", "Молодёжь"),
    "Eltern": ("Parents", "Ebeveynler", "الأهل", "Батьки", "Родители"),
    "Seniorinnen und Senioren": ("Older people", "Yaşlılar", "كبار السن", "Люди похилого віку", "Пожилые люди"),
    "Fachkräfte": ("Skilled workers", "Nitelikli çalışanlar", "العمالة الماهرة", "Фахівці", "Специалисты"),
    "Ehrenamtliche": ("Volunteers", "Gönüllüler", "المتطوعون", "Волонтери", "Волонтёры"),
    "Menschen mit Behinderung": (
        "People with disabilities",
        "Engelliler",
        "ذوو الإعاقة",
        "Люди з інвалідністю",
        "Люди с инвалидностью",
    ),
    "LSBTIQ*": ("LGBTIQ*", "LGBTİQ*", "مجتمع الميم", "ЛГБТІК*", "ЛГБТИК*"),
    "Alle Interessierten": ("Everyone interested", "İlgilenen herkes", "جميع المهتمين", "Усі охочі", "Все желающие"),
    "Migrantenorganisation": (
        "Migrant organisation",
        "Göçmen örgütü",
        "منظمة مهاجرين",
        "Організація мігрантів",
        "Организация мигрантов",
    ),
    "Freie Wohlfahrtspflege": (
        "Welfare organisation",
        "Sosyal yardım kuruluşu",
        "منظمة رعاية اجتماعية",
        "Благодійна організація",
        "Благотворительная организация",
    ),
    "Kommunales Amt": (
        "Municipal office",
        "Belediye dairesi",
        "مكتب بلدي",
        "Муніципальна установа",
        "Муниципальное ведомство",
    ),
    "Kommunales Integrationszentrum": (
        "Municipal integration centre",
        "Belediye uyum merkezi",
        "مركز الاندماج البلدي",
        "Муніципальний інтеграційний центр",
        "Муниципальный центр интеграции",
    ),
    "Bildungsträger": (
        "Education provider",
        "Eğitim kurumu",
        "جهة تعليمية",
        "Освітня організація",
        "Образовательная организация",
    ),
    "Verein / Initiative": (
        "Association / initiative",
        "Dernek / girişim",
        "جمعية / مبادرة",
        "Обʼєднання / ініціатива",
        "Объединение / инициатива",
    ),
    "Religionsgemeinschaft": (
        "Religious community",
        "Dini topluluk",
        "جماعة دينية",
        "Релігійна громада",
        "Религиозная община",
    ),
    "Sonstige": ("Other", "Diğer", "أخرى", "Інше", "Другое"),
    "Kein Zugriff": ("No access", "Erişim yok", "لا يوجد وصول", "Немає доступу", "Нет доступа"),
    "Zur Startseite": ("To the home page", "Ana sayfaya", "إلى الصفحة الرئيسية", "На головну", "На главную"),
    "Seite nicht gefunden": (
        "Page not found",
        "Sayfa bulunamadı",
        "الصفحة غير موجودة",
        "Сторінку не знайдено",
        "Страница не найдена",
    ),
    "Diese Seite gibt es nicht oder nicht mehr.": (
        "This page does not exist or no longer exists.",
        "Bu sayfa yok veya artık mevcut değil.",
        "هذه الصفحة غير موجودة أو لم تعد موجودة.",
        "Цієї сторінки немає або вже немає.",
        "Этой страницы нет или больше нет.",
    ),
    "Deutsch": ("German", "Almanca", "الألمانية", "Німецька", "Немецкий"),
    "Englisch": ("English", "İngilizce", "الإنجليزية", "Англійська", "Английский"),
    "Türkisch": ("Turkish", "Türkçe", "التركية", "Турецька", "Турецкий"),
    "Arabisch": ("Arabic", "Arapça", "العربية", "Арабська", "Арабский"),
    "Ukrainisch": ("Ukrainian", "Ukraynaca", "الأوكرانية", "Українська", "Украинский"),
    "Russisch": ("Russian", "Rusça", "الروسية", "Російська", "Русский"),
}
PLURALS = {
    "%(counter)s Angebot": {
        "en": ["%(counter)s service", "%(counter)s services"],
        "tr": ["%(counter)s hizmet", "%(counter)s hizmet"],
        "ar": ["%(counter)s خدمة"] * 6,
        "uk": ["%(counter)s послуга", "%(counter)s послуги", "%(counter)s послуг", "%(counter)s послуги"],
        "ru": ["%(counter)s услуга", "%(counter)s услуги", "%(counter)s услуг", "%(counter)s услуги"],
    },
}
T.update(
    {
        "Liste als PDF": ("List as PDF", "Listeyi PDF olarak", "القائمة بصيغة PDF", "Список у PDF", "Список в PDF"),
        "Als PDF drucken": ("Print as PDF", "PDF olarak yazdır", "طباعة بصيغة PDF", "Друкувати як PDF", "Печать в PDF"),
    }
)

# --- multilingual (issue 11): /gebiete/, error pages, includes, finder form, offer pages ---
T.update(
    {
        "AGS": ("AGS", "AGS", "AGS", "AGS", "AGS"),
        "AGS %(ags)s": ("AGS %(ags)s", "AGS %(ags)s", "AGS %(ags)s", "AGS %(ags)s", "AGS %(ags)s"),
        "Alle Gemeinden": ("All municipalities", "Tüm belediyeler", "جميع البلديات", "Усі громади", "Все общины"),
        "Alle Kreise und kreisfreien Städte": (
            "All districts and independent cities",
            "Tüm ilçeler ve bağımsız şehirler",
            "جميع المقاطعات والمدن المستقلة",
            "Усі райони та міста поза районами",
            "Все районы и внерайонные города",
        ),
        "Amtlicher Gemeindeschlüssel (AGS)": (
            "Official municipality key (AGS)",
            "Resmî belediye kodu (AGS)",
            "الرمز الرسمي للبلدية (AGS)",
            "Офіційний код громади (AGS)",
            "Официальный код общины (AGS)",
        ),
        "Amtlicher Name": ("Official name", "Resmî adı", "الاسم الرسمي", "Офіційна назва", "Официальное название"),
        "Art": ("Type", "Tür", "النوع", "Тип", "Тип"),
        "Bitte den achtstelligen Gemeindeschlüssel (AGS) angeben.": (
            "Please enter the eight-digit municipality key (AGS).",
            "Lütfen sekiz haneli belediye kodunu (AGS) girin.",
            "يُرجى إدخال رمز البلدية المكوّن من ثمانية أرقام (AGS).",
            "Будь ласка, вкажіть восьмизначний код громади (AGS).",
            "Пожалуйста, укажите восьмизначный код общины (AGS).",
        ),
        "Bitte prüfen Sie Ihre Angaben.": (
            "Please check your entries.",
            "Lütfen bilgilerinizi kontrol edin.",
            "يُرجى التحقق من بياناتك.",
            "Будь ласка, перевірте введені дані.",
            "Пожалуйста, проверьте введённые данные.",
        ),
        "Bitte prüfen Sie die markierten Felder.": (
            "Please check the marked fields.",
            "Lütfen işaretli alanları kontrol edin.",
            "يُرجى التحقق من الحقول المحددة.",
            "Будь ласка, перевірте позначені поля.",
            "Пожалуйста, проверьте отмеченные поля.",
        ),
        "Das Formular war veraltet. Bitte laden Sie die Seite neu und versuchen Sie es noch einmal.": (
            "The form had expired. Please reload the page and try again.",
            "Formun süresi dolmuş. Lütfen sayfayı yenileyip tekrar deneyin.",
            "انتهت صلاحية النموذج. يُرجى إعادة تحميل الصفحة والمحاولة مرة أخرى.",
            "Форма застаріла. Будь ласка, перезавантажте сторінку та спробуйте ще раз.",
            "Форма устарела. Пожалуйста, перезагрузите страницу и попробуйте ещё раз.",
        ),
        "Dick umrandet: die Grenze des Kreises; die Flächen sind seine Gemeinden (zum Öffnen anklicken, alle stehen "
        "auch in der Tabelle unten).": (
            "Thick outline: the district's boundary; the areas are its municipalities (click to open; all are also "
            "listed in the table below).",
            "Kalın çizgi: ilçenin sınırı; alanlar belediyeleridir (açmak için tıklayın; hepsi aşağıdaki tabloda da "
            "yer alır).",
            "الإطار السميك: حدود المقاطعة؛ والمساحات هي بلدياتها (انقر للفتح؛ وجميعها مذكورة أيضًا في الجدول أدناه).",
            "Товста лінія: межа району; ділянки — його громади (натисніть, щоб відкрити; усі вони є також у "
            "таблиці нижче).",
            "Толстая линия: граница района; участки — его общины (нажмите, чтобы открыть; все они есть также в "
            "таблице ниже).",
        ),
        "Die Karte konnte nicht geladen werden.": (
            "The map could not be loaded.",
            "Harita yüklenemedi.",
            "تعذّر تحميل الخريطة.",
            "Не вдалося завантажити карту.",
            "Не удалось загрузить карту.",
        ),
        "Die Seite konnte gerade nicht angezeigt werden. Der Fehler wurde protokolliert. Bitte versuchen Sie es "
        "später noch einmal.": (
            "The page could not be shown just now. The error has been logged. Please try again later.",
            "Sayfa şu anda görüntülenemedi. Hata kaydedildi. Lütfen daha sonra tekrar deneyin.",
            "تعذّر عرض الصفحة في الوقت الحالي. تم تسجيل الخطأ. يُرجى المحاولة مرة أخرى لاحقًا.",
            "Зараз не вдалося показати сторінку. Помилку зареєстровано. Будь ласка, спробуйте пізніше.",
            "Сейчас не удалось показать страницу. Ошибка зарегистрирована. Пожалуйста, попробуйте позже.",
        ),
        "Diese Beschreibung liegt nur auf Deutsch vor.": (
            "This description is only available in German.",
            "Bu açıklama yalnızca Almanca mevcuttur.",
            "هذا الوصف متوفر باللغة الألمانية فقط.",
            "Цей опис доступний лише німецькою мовою.",
            "Это описание доступно только на немецком языке.",
        ),
        "Ein Fehler ist aufgetreten": (
            "An error has occurred",
            "Bir hata oluştu",
            "حدث خطأ",
            "Сталася помилка",
            "Произошла ошибка",
        ),
        "Einwohner": ("Inhabitants", "Nüfus", "عدد السكان", "Населення", "Население"),
        "Einwohner je km²": (
            "Inhabitants per km²",
            "km² başına nüfus",
            "عدد السكان لكل كم²",
            "Населення на км²",
            "Население на км²",
        ),
        "Fehler": ("Error", "Hata", "خطأ", "Помилка", "Ошибка"),
        "Filter zurücksetzen": (
            "Reset filters",
            "Filtreleri sıfırla",
            "إعادة ضبط الفلاتر",
            "Скинути фільтри",
            "Сбросить фильтры",
        ),
        "Fläche": ("Area", "Yüzölçümü", "المساحة", "Площа", "Площадь"),
        "Fläche (km²)": ("Area (km²)", "Yüzölçümü (km²)", "المساحة (كم²)", "Площа (км²)", "Площадь (км²)"),
        "Für diese Seite fehlt Ihnen die Berechtigung. Wenn Sie meinen, dass das ein Fehler ist, wenden Sie sich an "
        "Ihre Ansprechperson im Betrieb.": (
            "You do not have permission for this page. If you think this is a mistake, please contact the person "
            "responsible in your organisation.",
            "Bu sayfa için yetkiniz yok. Bunun bir hata olduğunu düşünüyorsanız kurumunuzdaki ilgili kişiye başvurun.",
            "ليست لديك صلاحية لهذه الصفحة. إذا كنت تعتقد أن هذا خطأ، فيُرجى التواصل مع الشخص المسؤول في مؤسستك.",
            "У вас немає дозволу на цю сторінку. Якщо ви вважаєте, що це помилка, зверніться до відповідальної "
            "особи у вашій організації.",
            "У вас нет доступа к этой странице. Если вы считаете, что это ошибка, обратитесь к ответственному "
            "лицу в вашей организации.",
        ),
        "Gebietsdaten: Statistisches Bundesamt (Destatis), Gemeindeverzeichnis GV100AD, Gebietsstand 30.11.2025; "
        "Grenzen © Geobasis NRW (dl-de/zero-2-0); Postleitzahlen: GeoNames (CC BY 4.0).": (
            "Area data: Federal Statistical Office (Destatis), municipality directory GV100AD, as of 30.11.2025; "
            "boundaries © Geobasis NRW (dl-de/zero-2-0); postcodes: GeoNames (CC BY 4.0).",
            "Bölge verileri: Federal İstatistik Ofisi (Destatis), belediye dizini GV100AD, 30.11.2025 itibarıyla; "
            "sınırlar © Geobasis NRW (dl-de/zero-2-0); posta kodları: GeoNames (CC BY 4.0).",
            "بيانات المناطق: المكتب الاتحادي للإحصاء (Destatis)، دليل البلديات GV100AD، حتى 30.11.2025؛ "
            "الحدود © Geobasis NRW (dl-de/zero-2-0)؛ الرموز البريدية: GeoNames (CC BY 4.0).",
            "Дані про території: Федеральне статистичне відомство (Destatis), довідник громад GV100AD, станом на "
            "30.11.2025; межі © Geobasis NRW (dl-de/zero-2-0); поштові індекси: GeoNames (CC BY 4.0).",
            "Данные о территориях: Федеральное статистическое ведомство (Destatis), справочник общин GV100AD, по "
            "состоянию на 30.11.2025; границы © Geobasis NRW (dl-de/zero-2-0); почтовые индексы: GeoNames (CC BY 4.0).",
        ),
        "Gemeinden": ("Municipalities", "Belediyeler", "البلديات", "Громади", "Общины"),
        "Gemeinden in %(name)s": (
            "Municipalities in %(name)s",
            "%(name)s belediyeleri",
            "البلديات في %(name)s",
            "Громади в %(name)s",
            "Общины в %(name)s",
        ),
        "Gemeinden in NRW": (
            "Municipalities in NRW",
            "NRW'deki belediyeler",
            "البلديات في NRW",
            "Громади в NRW",
            "Общины в NRW",
        ),
        "Gemeinden suchen": (
            "Search municipalities",
            "Belediye ara",
            "البحث عن بلديات",
            "Шукати громади",
            "Искать общины",
        ),
        "Gemeinden von %(name)s in der Gemeindeliste": (
            "Municipalities of %(name)s in the list of municipalities",
            "Belediye listesinde %(name)s belediyeleri",
            "بلديات %(name)s في قائمة البلديات",
            "Громади %(name)s у списку громад",
            "Общины %(name)s в списке общин",
        ),
        "Gemeinden, Seite %(number)s von %(total)s": (
            "Municipalities, page %(number)s of %(total)s",
            "Belediyeler, sayfa %(number)s / %(total)s",
            "البلديات، الصفحة %(number)s من %(total)s",
            "Громади, сторінка %(number)s з %(total)s",
            "Общины, страница %(number)s из %(total)s",
        ),
        "Hervorgehoben: die Gemeinde; grau: die anderen Gemeinden ihres Kreises.": (
            "Highlighted: the municipality; grey: the other municipalities of its district.",
            "Vurgulu: belediye; gri: ilçesinin diğer belediyeleri.",
            "المميّزة: البلدية؛ والرمادية: البلديات الأخرى في مقاطعتها.",
            "Виділено: громада; сірим: інші громади її району.",
            "Выделено: община; серым: другие общины её района.",
        ),
        "In der Nähe von (PLZ oder Ort)": (
            "Near (postcode or place)",
            "Yakınında (posta kodu veya yer)",
            "بالقرب من (الرمز البريدي أو المكان)",
            "Поблизу (поштовий індекс або місце)",
            "Рядом с (почтовый индекс или место)",
        ),
        "Karte: Grenze von %(name)s und die Nachbargemeinden im selben Kreis": (
            "Map: boundary of %(name)s and the neighbouring municipalities in the same district",
            "Harita: %(name)s sınırı ve aynı ilçedeki komşu belediyeler",
            "الخريطة: حدود %(name)s والبلديات المجاورة في المقاطعة نفسها",
            "Карта: межа %(name)s і сусідні громади того самого району",
            "Карта: граница %(name)s и соседние общины того же района",
        ),
        "Karte: Grenzen von %(name)s und seinen Gemeinden": (
            "Map: boundaries of %(name)s and its municipalities",
            "Harita: %(name)s ve belediyelerinin sınırları",
            "الخريطة: حدود %(name)s وبلدياتها",
            "Карта: межі %(name)s та його громад",
            "Карта: границы %(name)s и его общин",
        ),
        "Kein Kreis passt zur Suche.": (
            "No district matches the search.",
            "Aramaya uyan ilçe yok.",
            "لا توجد مقاطعة تطابق البحث.",
            "Жоден район не відповідає пошуку.",
            "Ни один район не соответствует поиску.",
        ),
        "Keine Gemeinde passt zur Suche.": (
            "No municipality matches the search.",
            "Aramaya uyan belediye yok.",
            "لا توجد بلدية تطابق البحث.",
            "Жодна громада не відповідає пошуку.",
            "Ни одна община не соответствует поиску.",
        ),
        "Kreis": ("District", "İlçe", "المقاطعة", "Район", "Район"),
        "Kreise suchen": ("Search districts", "İlçe ara", "البحث عن مقاطعات", "Шукати райони", "Искать районы"),
        "Kreise und kreisfreie Städte": (
            "Districts and independent cities",
            "İlçeler ve bağımsız şehirler",
            "المقاطعات والمدن المستقلة",
            "Райони та міста поза районами",
            "Районы и внерайонные города",
        ),
        "Kreise und kreisfreie Städte im %(name)s": (
            "Districts and independent cities in %(name)s",
            "%(name)s içindeki ilçeler ve bağımsız şehirler",
            "المقاطعات والمدن المستقلة في %(name)s",
            "Райони та міста поза районами в %(name)s",
            "Районы и внерайонные города в %(name)s",
        ),
        "Kreise und kreisfreie Städte in NRW": (
            "Districts and independent cities in NRW",
            "NRW'deki ilçeler ve bağımsız şehirler",
            "المقاطعات والمدن المستقلة في NRW",
            "Райони та міста поза районами в NRW",
            "Районы и внерайонные города в NRW",
        ),
        "Kreisschlüssel": ("District key", "İlçe kodu", "رمز المقاطعة", "Код району", "Код района"),
        "Name": ("Name", "Ad", "الاسم", "Назва", "Название"),
        "Name oder AGS": ("Name or AGS", "Ad veya AGS", "الاسم أو AGS", "Назва або AGS", "Название или AGS"),
        "Name oder Schlüssel (AGS)": (
            "Name or key (AGS)",
            "Ad veya kod (AGS)",
            "الاسم أو الرمز (AGS)",
            "Назва або код (AGS)",
            "Название или код (AGS)",
        ),
        "PLZ des Verwaltungssitzes": (
            "Postcode of the administrative seat",
            "İdari merkezin posta kodu",
            "الرمز البريدي لمقر الإدارة",
            "Поштовий індекс адміністрації",
            "Почтовый индекс администрации",
        ),
        "Postleitzahlen": ("Postcodes", "Posta kodları", "الرموز البريدية", "Поштові індекси", "Почтовые индексы"),
        "Postleitzahlen: Zustellbezirke, deren Ortspunkt in der Gemeinde liegt (GeoNames); eine Postleitzahl kann "
        "über die Gemeindegrenze reichen.": (
            "Postcodes: delivery areas whose reference point lies in the municipality (GeoNames); a postcode can "
            "extend beyond the municipal boundary.",
            "Posta kodları: referans noktası belediye içinde olan dağıtım bölgeleri (GeoNames); bir posta kodu "
            "belediye sınırını aşabilir.",
            "الرموز البريدية: مناطق التوزيع التي تقع نقطتها المرجعية داخل البلدية (GeoNames)؛ وقد يتجاوز الرمز "
            "البريدي حدود البلدية.",
            "Поштові індекси: зони доставки, опорна точка яких лежить у громаді (GeoNames); індекс може виходити "
            "за межі громади.",
            "Почтовые индексы: зоны доставки, опорная точка которых находится в общине (GeoNames); индекс может "
            "выходить за границы общины.",
        ),
        "Regierungsbezirk": (
            "Administrative region",
            "İdari bölge",
            "المنطقة الإدارية",
            "Адміністративний округ",
            "Административный округ",
        ),
        "Regionalschlüssel (ARS)": (
            "Regional key (ARS)",
            "Bölge kodu (ARS)",
            "الرمز الإقليمي (ARS)",
            "Регіональний код (ARS)",
            "Региональный код (ARS)",
        ),
        "Schlüssel": ("Key", "Kod", "الرمز", "Код", "Код"),
        "Sitz der Bezirksregierung: %(seat)s · %(population)s Einwohner · %(area)s km²": (
            "Seat of the regional government: %(seat)s · %(population)s inhabitants · %(area)s km²",
            "Bölge yönetiminin merkezi: %(seat)s · %(population)s nüfus · %(area)s km²",
            "مقر الحكومة الإقليمية: %(seat)s · %(population)s نسمة · %(area)s كم²",
            "Осідок окружного уряду: %(seat)s · %(population)s мешканців · %(area)s км²",
            "Резиденция окружного правительства: %(seat)s · %(population)s жителей · %(area)s км²",
        ),
        "Sitz der Verwaltung": (
            "Administrative seat",
            "İdari merkez",
            "مقر الإدارة",
            "Осідок адміністрації",
            "Местонахождение администрации",
        ),
        "Stadt oder Gemeinde": (
            "Town or municipality",
            "Şehir veya belediye",
            "المدينة أو البلدية",
            "Місто або громада",
            "Город или община",
        ),
        "Stand %(date)s": (
            "As of %(date)s",
            "%(date)s itibarıyla",
            "حتى %(date)s",
            "Станом на %(date)s",
            "По состоянию на %(date)s",
        ),
        "Suchbegriff": ("Search term", "Arama terimi", "كلمة البحث", "Пошуковий запит", "Поисковый запрос"),
        "Suchen Sie nach einem Teil des Namens oder nach dem Anfang des AGS, oder setzen Sie die Filter zurück.": (
            "Search for part of the name or the beginning of the AGS, or reset the filters.",
            "Adın bir kısmını veya AGS'nin başını arayın ya da filtreleri sıfırlayın.",
            "ابحث عن جزء من الاسم أو عن بداية رمز AGS، أو أعد ضبط الفلاتر.",
            "Шукайте за частиною назви або за початком AGS чи скиньте фільтри.",
            "Ищите по части названия или по началу AGS либо сбросьте фильтры.",
        ),
        "Suchen Sie nach einem Teil des Namens oder nach dem Anfang des Schlüssels.": (
            "Search for part of the name or the beginning of the key.",
            "Adın bir kısmını veya kodun başını arayın.",
            "ابحث عن جزء من الاسم أو عن بداية الرمز.",
            "Шукайте за частиною назви або за початком коду.",
            "Ищите по части названия или по началу кода.",
        ),
        "Teilhabe NRW – Ministerium für Kinder, Jugend, Familie, Gleichstellung, Flucht und Integration des Landes "
        "Nordrhein-Westfalen und die Kommunen in NRW.": (
            "Teilhabe NRW – Ministry for Children, Youth, Family, Equality, Refugees and Integration of the State of "
            "North Rhine-Westphalia and the municipalities in NRW.",
            "Teilhabe NRW – Kuzey Ren-Vestfalya Eyaleti Çocuk, Gençlik, Aile, Eşitlik, Mülteciler ve Uyum Bakanlığı "
            "ile NRW'deki belediyeler.",
            "Teilhabe NRW – وزارة الأطفال والشباب والأسرة والمساواة واللاجئين والاندماج في ولاية شمال الراين-وستفاليا "
            "والبلديات في NRW.",
            "Teilhabe NRW – Міністерство у справах дітей, молоді, сім'ї, рівності, біженців та інтеграції землі "
            "Північний Рейн-Вестфалія та громади NRW.",
            "Teilhabe NRW – Министерство по делам детей, молодёжи, семьи, равноправия, беженцев и интеграции земли "
            "Северный Рейн-Вестфалия и общины NRW.",
        ),
        "Zusammen": ("Total", "Toplam", "المجموع", "Разом", "Итого"),
        "Vergrößern": ("Zoom in", "Yakınlaştır", "تكبير", "Збільшити", "Увеличить"),
        "Verkleinern": ("Zoom out", "Uzaklaştır", "تصغير", "Зменшити", "Уменьшить"),
        "alle": ("all", "tümü", "الكل", "усі", "все"),
        "alle im Kreis": ("all in the district", "ilçedeki tümü", "الكل في المقاطعة", "усі в районі", "все в районе"),
        "optional": ("optional", "isteğe bağlı", "اختياري", "необов'язково", "необязательно"),
        "z. B. Bergheim oder 05362004": (
            "e.g. Bergheim or 05362004",
            "ör. Bergheim veya 05362004",
            "مثلًا Bergheim أو 05362004",
            "напр. Bergheim або 05362004",
            "напр. Bergheim или 05362004",
        ),
        "z. B. Kleve, 05154 oder der AGS einer Gemeinde": (
            "e.g. Kleve, 05154 or a municipality's AGS",
            "ör. Kleve, 05154 veya bir belediyenin AGS kodu",
            "مثلًا Kleve أو 05154 أو رمز AGS لبلدية",
            "напр. Kleve, 05154 або AGS громади",
            "напр. Kleve, 05154 или AGS общины",
        ),
    }
)
PLURALS.update(
    {
        # Arabic: zero, one, two, few (3–10), many (11–99), other (100 and more).
        "%(counter)s Angebot": {
            "en": ["%(counter)s service", "%(counter)s services"],
            "tr": ["%(counter)s hizmet", "%(counter)s hizmet"],
            "ar": [
                "لا توجد خدمات",
                "خدمة واحدة",
                "خدمتان",
                "%(counter)s خدمات",
                "%(counter)s خدمة",
                "%(counter)s خدمة",
            ],
            "uk": ["%(counter)s послуга", "%(counter)s послуги", "%(counter)s послуг", "%(counter)s послуги"],
            "ru": ["%(counter)s услуга", "%(counter)s услуги", "%(counter)s услуг", "%(counter)s услуги"],
        },
        "%(counter)s Gemeinde": {
            "en": ["%(counter)s municipality", "%(counter)s municipalities"],
            "tr": ["%(counter)s belediye", "%(counter)s belediye"],
            "ar": [
                "لا توجد بلديات",
                "بلدية واحدة",
                "بلديتان",
                "%(counter)s بلديات",
                "%(counter)s بلدية",
                "%(counter)s بلدية",
            ],
            "uk": ["%(counter)s громада", "%(counter)s громади", "%(counter)s громад", "%(counter)s громади"],
            "ru": ["%(counter)s община", "%(counter)s общины", "%(counter)s общин", "%(counter)s общины"],
        },
        "%(counter)s Kreis oder kreisfreie Stadt": {
            "en": [
                "%(counter)s district or independent city",
                "%(counter)s districts and independent cities",
            ],
            "tr": ["%(counter)s ilçe veya bağımsız şehir", "%(counter)s ilçe ve bağımsız şehir"],
            "ar": [
                "لا توجد مقاطعات ولا مدن مستقلة",
                "مقاطعة أو مدينة مستقلة واحدة",
                "مقاطعتان أو مدينتان مستقلتان",
                "%(counter)s مقاطعات ومدن مستقلة",
                "%(counter)s مقاطعة ومدينة مستقلة",
                "%(counter)s مقاطعة ومدينة مستقلة",
            ],
            "uk": [
                "%(counter)s район або місто поза районом",
                "%(counter)s райони та міста поза районами",
                "%(counter)s районів і міст поза районами",
                "%(counter)s району або міста поза районом",
            ],
            "ru": [
                "%(counter)s район или внерайонный город",
                "%(counter)s района и внерайонных города",
                "%(counter)s районов и внерайонных городов",
                "%(counter)s района или внерайонного города",
            ],
        },
        "Nordrhein-Westfalen hat %(population)s Einwohner auf %(area)s km² in %(counter)s Regierungsbezirk.": {
            "en": [
                "North Rhine-Westphalia has %(population)s inhabitants on %(area)s km² in %(counter)s administrative "
                "region.",
                "North Rhine-Westphalia has %(population)s inhabitants on %(area)s km² in %(counter)s administrative "
                "regions.",
            ],
            "tr": [
                "Kuzey Ren-Vestfalya'nın %(counter)s idari bölgede %(area)s km² üzerinde %(population)s nüfusu var.",
                "Kuzey Ren-Vestfalya'nın %(counter)s idari bölgede %(area)s km² üzerinde %(population)s nüfusu var.",
            ],
            "ar": [
                "يبلغ عدد سكان شمال الراين-وستفاليا %(population)s نسمة على مساحة %(area)s كم² دون مناطق إدارية.",
                "يبلغ عدد سكان شمال الراين-وستفاليا %(population)s نسمة على مساحة %(area)s كم² في منطقة إدارية واحدة.",
                "يبلغ عدد سكان شمال الراين-وستفاليا %(population)s نسمة على مساحة %(area)s كم² في منطقتين إداريتين.",
                "يبلغ عدد سكان شمال الراين-وستفاليا %(population)s نسمة على مساحة %(area)s كم² في %(counter)s مناطق "
                "إدارية.",
                "يبلغ عدد سكان شمال الراين-وستفاليا %(population)s نسمة على مساحة %(area)s كم² في %(counter)s منطقة "
                "إدارية.",
                "يبلغ عدد سكان شمال الراين-وستفاليا %(population)s نسمة على مساحة %(area)s كم² في %(counter)s منطقة "
                "إدارية.",
            ],
            "uk": [
                "Північний Рейн-Вестфалія має %(population)s мешканців на %(area)s км² в %(counter)s "
                "адміністративному окрузі.",
                "Північний Рейн-Вестфалія має %(population)s мешканців на %(area)s км² в %(counter)s "
                "адміністративних округах.",
                "Північний Рейн-Вестфалія має %(population)s мешканців на %(area)s км² в %(counter)s "
                "адміністративних округах.",
                "Північний Рейн-Вестфалія має %(population)s мешканців на %(area)s км² в %(counter)s "
                "адміністративного округу.",
            ],
            "ru": [
                "В Северном Рейне-Вестфалии %(population)s жителей на %(area)s км² в %(counter)s административном "
                "округе.",
                "В Северном Рейне-Вестфалии %(population)s жителей на %(area)s км² в %(counter)s административных "
                "округах.",
                "В Северном Рейне-Вестфалии %(population)s жителей на %(area)s км² в %(counter)s административных "
                "округах.",
                "В Северном Рейне-Вестфалии %(population)s жителей на %(area)s км² в %(counter)s административного "
                "округа.",
            ],
        },
    }
)

# --- error pages in the platform's layout (issue 10) ---------------------------------------------
T.update(
    {
        "Das Formular war veraltet, zum Beispiel weil Sie sich inzwischen ab- und wieder angemeldet haben oder die "
        "Seite lange offen war. Ihre Eingaben wurden nicht gespeichert. Bitte gehen Sie zurück, laden Sie die Seite "
        "neu und senden Sie das Formular noch einmal.": (
            "The form was out of date, for example because you logged out and in again in the meantime or the page "
            "was open for a long time. Your entries were not saved. Please go back, reload the page and send the "
            "form again.",
            "Form güncel değildi; örneğin bu arada oturumu kapatıp yeniden açtınız ya da sayfa uzun süre açık kaldı. "
            "Girdiğiniz bilgiler kaydedilmedi. Lütfen geri dönün, sayfayı yeniden yükleyin ve formu tekrar gönderin.",
            "كان النموذج قديمًا، مثلًا لأنك سجّلت الخروج ثم الدخول مرة أخرى في هذه الأثناء أو لأن الصفحة بقيت مفتوحة "
            "مدة طويلة. لم يتم حفظ ما أدخلته. يُرجى الرجوع وإعادة تحميل الصفحة وإرسال النموذج مرة أخرى.",
            "Форма застаріла, наприклад тому, що ви тим часом вийшли й знову увійшли або сторінка довго була "
            "відкрита. Ваші дані не збережено. Будь ласка, поверніться, оновіть сторінку й надішліть форму ще раз.",
            "Форма устарела, например потому, что вы за это время вышли и снова вошли или страница долго была "
            "открыта. Ваши данные не сохранены. Пожалуйста, вернитесь, обновите страницу и отправьте форму ещё раз.",
        ),
        "Diese Seite gibt es nicht oder nicht mehr, oder sie gehört nicht zu Ihrem Zuständigkeitsbereich. Bitte "
        "prüfen Sie die Adresse.": (
            "This page does not exist or no longer exists, or it is not within your remit. Please check the address.",
            "Bu sayfa yok ya da artık yok veya sizin sorumluluk alanınıza girmiyor. Lütfen adresi kontrol edin.",
            "هذه الصفحة غير موجودة أو لم تعد موجودة، أو أنها لا تقع ضمن نطاق اختصاصك. يُرجى التحقق من العنوان.",
            "Цієї сторінки не існує або вже не існує, або вона не належить до вашої сфери відповідальності. Будь "
            "ласка, перевірте адресу.",
            "Этой страницы не существует или больше не существует, либо она не относится к вашей сфере "
            "ответственности. Пожалуйста, проверьте адрес.",
        ),
        "Diese Seite ist nur nach der Anmeldung zugänglich.": (
            "This page is only available after logging in.",
            "Bu sayfaya yalnızca oturum açtıktan sonra erişilebilir.",
            "لا يمكن الوصول إلى هذه الصفحة إلا بعد تسجيل الدخول.",
            "Ця сторінка доступна лише після входу.",
            "Эта страница доступна только после входа в систему.",
        ),
        "Formular abgelaufen": (
            "Form expired",
            "Formun süresi doldu",
            "انتهت صلاحية النموذج",
            "Термін дії форми минув",
            "Срок действия формы истёк",
        ),
        "Für diese Seite oder Aktion fehlt Ihnen die Berechtigung. Wenn Sie meinen, dass das ein Fehler ist, wenden "
        "Sie sich an Ihre Ansprechperson im Betrieb.": (
            "You do not have permission for this page or action. If you think this is a mistake, please contact your "
            "contact person in platform operations.",
            "Bu sayfa veya işlem için yetkiniz yok. Bunun bir hata olduğunu düşünüyorsanız, lütfen platform "
            "işletimindeki irtibat kişinize başvurun.",
            "ليست لديك صلاحية لهذه الصفحة أو هذا الإجراء. إذا كنت تعتقد أن هذا خطأ، فيُرجى التواصل مع الشخص المسؤول "
            "عنك في تشغيل المنصة.",
            "У вас немає дозволу на цю сторінку або дію. Якщо ви вважаєте, що це помилка, зверніться до вашої "
            "контактної особи в службі експлуатації платформи.",
            "У вас нет разрешения на эту страницу или действие. Если вы считаете, что это ошибка, обратитесь к "
            "вашему контактному лицу в службе эксплуатации платформы.",
        ),
    }
)

# --- the shared list includes (filters, sort, downloads) and the filterable checkbox lists (issue 10) --------------
T.update(
    {
        "Liste filtern": (
            "Filter the list",
            "Listeyi filtrele",
            "تصفية القائمة",
            "Фільтрувати список",
            "Фильтровать список",
        ),
        "Filtern": ("Filter", "Filtrele", "تصفية", "Фільтрувати", "Фильтровать"),
        "Diese Filterangaben sind ungültig und wurden nicht angewandt:": (
            "These filter values are invalid and were not applied:",
            "Bu filtre değerleri geçersiz ve uygulanmadı:",
            "قيم التصفية هذه غير صالحة ولم تُطبَّق:",
            "Ці значення фільтра недійсні й не були застосовані:",
            "Эти значения фильтра недействительны и не были применены:",
        ),
        "Herunterladen (gefilterte Einträge):": (
            "Download (filtered entries):",
            "İndir (filtrelenmiş kayıtlar):",
            "تنزيل (الإدخالات المصفّاة):",
            "Завантажити (відфільтровані записи):",
            "Скачать (отфильтрованные записи):",
        ),
        "Sortiert nach:": ("Sorted by:", "Sıralama:", "مرتبة حسب:", "Відсортовано за:", "Отсортировано по:"),
        "aufsteigend": ("ascending", "artan", "تصاعديًا", "за зростанням", "по возрастанию"),
        "absteigend": ("descending", "azalan", "تنازليًا", "за спаданням", "по убыванию"),
        "%(label)s: Liste eingrenzen": (
            "%(label)s: narrow the list",
            "%(label)s: listeyi daralt",
            "%(label)s: تضييق القائمة",
            "%(label)s: звузити список",
            "%(label)s: сузить список",
        ),
        "{visible} von {total} sichtbar, {checked} ausgewählt": (
            "{visible} of {total} shown, {checked} selected",
            "{total} içinden {visible} görünüyor, {checked} seçili",
            "{visible} من {total} ظاهرة، {checked} محددة",
            "Показано {visible} з {total}, вибрано {checked}",
            "Показано {visible} из {total}, выбрано {checked}",
        ),
    }
)
PLURALS.update(
    {
        # Arabic: zero, one, two, few (3–10), many (11–99), other (100 and more).
        "%(counter)s Eintrag": {
            "en": ["%(counter)s entry", "%(counter)s entries"],
            "tr": ["%(counter)s kayıt", "%(counter)s kayıt"],
            "ar": [
                "لا توجد إدخالات",
                "إدخال واحد",
                "إدخالان",
                "%(counter)s إدخالات",
                "%(counter)s إدخالًا",
                "%(counter)s إدخال",
            ],
            "uk": ["%(counter)s запис", "%(counter)s записи", "%(counter)s записів", "%(counter)s записи"],
            "ru": ["%(counter)s запись", "%(counter)s записи", "%(counter)s записей", "%(counter)s записи"],
        },
    }
)
