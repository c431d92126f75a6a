"""Strings of the methodology and sources page (/methodology)."""

from __future__ import annotations

from dashboard.text.labels import _l

MESSAGES: dict[str, dict[str, str]] = {
    "method.title": _l(
        "Әдістеме және дереккөздер", "Методология и источники", "Methodology and sources"
    ),
    "method.lead": _l(
        "Көрсеткіштер қалай есептеледі, жеке деректер қалай қорғалады, деректер қашан "
        "жаңарады және не өзгерді.",
        "Как считаются показатели, как защищаются персональные данные, когда обновляются "
        "данные и что изменилось.",
        "How the indicators are computed, how personal data is protected, when the data is "
        "updated and what changed.",
    ),
    "method.indicators_heading": _l(
        "Көрсеткіштер анықтамалары", "Определения показателей", "Definitions of the indicators"
    ),
    "method.def.front_office_visits": _l(
        "Айдағы фронт-офистерге барлық жүгінулер: жеке келу, «102» бейнеқоңыраулары және онлайн "
        "өтініштер. Дереккөз — фронт-офистердің қабылдау журналы; әр келу бір рет саналады.",
        "Все обращения во фронт-офисы за месяц: личные визиты, видеозвонки «102» и "
        "онлайн-обращения. Источник — журнал приёма фронт-офисов; каждый визит считается один "
        "раз.",
        "All visits to police front offices in the month: walk-ins, video calls via 102 and "
        "online requests. Source: the front offices' reception log; each visit counts once.",
    ),
    "method.def.sos_activations": _l(
        "Айдағы «полиция» дабыл түймелерінің барлық басылуы (барлық санаттар, тексеру мен жалған "
        "шақыруларды қоса). Дереккөз — Жедел басқару орталығының журналы.",
        "Все срабатывания тревожных кнопок «полиция» за месяц (все категории, включая проверки "
        "и ложные вызовы). Источник — журнал центра оперативного управления.",
        "All presses of police SOS alarm buttons in the month (every category, tests and false "
        "alarms included). Source: the operational control centre's log.",
    ),
    "method.def.camera_crimes_solved": _l(
        "Айда бейнекамералар жазбасының көмегімен ашылған қылмыстар (түрі — қылмыстық, "
        "мәртебесі — ашылды).",
        "Преступления, раскрытые за месяц с помощью записей видеокамер (вид — уголовное, "
        "статус — раскрыто).",
        "Crimes solved in the month with the help of video-camera footage (kind: criminal, "
        "status: solved).",
    ),
    "method.def.camera_admin_detected": _l(
        "Айда камералар анықтаған әкімшілік құқық бұзушылықтар (түрі — әкімшілік, мәртебесі — "
        "анықталды), мысалы жылдамдықты асыру.",
        "Административные правонарушения, выявленные камерами за месяц (вид — "
        "административное, статус — выявлено), например превышение скорости.",
        "Administrative offences detected by cameras in the month (kind: administrative, "
        "status: detected), such as speeding.",
    ),
    "method.per_capita_heading": _l(
        "100 000 тұрғынға шаққандағы мән", "На 100 000 жителей", "Per 100,000 residents"
    ),
    "method.per_capita": _l(
        "Мән ÷ өңір халқы × 100 000. Халық саны — Ұлттық статистика бюросының деректері "
        "(жылдық орташа немесе 1 қаңтардағы), айға ең жақын жыл алынады. Ел бойынша мән тек "
        "мәні жарияланған өңірлер бойынша есептеледі.",
        "Значение ÷ население региона × 100 000. Население — данные Бюро национальной "
        "статистики (среднегодовое или на 1 января), берётся ближайший к месяцу год. Значение "
        "по стране считается только по регионам с опубликованным значением.",
        "Value ÷ the region's population × 100,000. Population comes from the Bureau of "
        "National Statistics (annual average or on 1 January), for the year nearest to the "
        "month. The national rate uses only the regions with a published value.",
    ),
    "method.rank_heading": _l(
        "Өңірлер арасындағы орны", "Место среди регионов", "Rank among regions"
    ),
    "method.targets_heading": _l(
        "Жоспарлар және мәртебелер", "Планы и статусы", "Targets and statuses"
    ),
    "method.targets": _l(
        "Жоспарлар өңірлердің жол карталарынан алынады; нақты мән — тізілімдегі жұмыс істеп "
        "тұрған нысандар саны.",
        "Планы берутся из дорожных карт регионов; факт — число действующих объектов в реестре.",
        "Targets come from the regions' roadmaps; the actual value is the number of facilities "
        "operating in the register.",
    ),
    "method.dictionary_heading": _l("Деректер сөздігі", "Словарь данных", "Data dictionary"),
    "method.dictionary_caption": _l("{dataset}: өрістер", "{dataset}: поля", "{dataset}: fields"),
    "method.privacy_heading": _l(
        "Иесіздендіру және жасыру", "Обезличивание и скрытие", "Anonymisation and suppression"
    ),
    "method.privacy_personal": _l(
        "Портал ешқашан жеке адам туралы мәлімет жарияламайды. Министрлік жүйелерінің бастапқы "
        "үзінділеріндегі жеке деректер (ЖСН, аты-жөні, телефон, көлік нөмірі, еркін мәтінді "
        "ескертпелер) ETL-дің алғашқы қадамында жойылады; тек жиынтық сандар жарияланады.",
        "Портал никогда не публикует сведения о конкретном человеке. Персональные данные из "
        "исходных выгрузок систем министерства (ИИН, ФИО, телефоны, госномера, свободные "
        "комментарии) удаляются на первом шаге ETL; публикуются только итоговые числа.",
        "The portal never publishes a person. Personal data in the ministry's raw extracts "
        "(IIN, names, phone numbers, vehicle plates, free-text notes) is dropped in the first "
        "step of the ETL; only totals are published.",
    ),
    "method.privacy_cameras": _l(
        "Фронт-офистердің, модульдік бекеттердің, учаскелік пункттердің және SOS түймелерінің "
        "орны жария; бейнекамералардың орны жарияланбайды — тек аудан мен өңір бойынша саны.",
        "Расположение фронт-офисов, модульных постов, участковых пунктов и тревожных кнопок "
        "публично; расположение видеокамер не публикуется — только их число по районам и "
        "регионам.",
        "The locations of front offices, modular posts, district points and SOS buttons are "
        "public; camera locations are not — only their number per district and region.",
    ),
    "method.privacy_rule": _l(
        "Жасыру ережесі (k = {k})", "Правило скрытия (k = {k})", "Suppression rule (k = {k})"
    ),
    "method.privacy_display": _l(
        "Беттерде жасырылған сан «жасырылған», ішінара жасырылған жиынтық «кемінде N», "
        "жарияланбаған жол «деректер жоқ» деп көрсетіледі — ешқашан 0 деп емес.",
        "На страницах скрытое число показывается как «скрыто», итог с частично скрытыми "
        "числами — как «не менее N», неопубликованная строка — как «нет данных», и никогда как 0.",
        "On the pages a suppressed count reads “suppressed”, a total with some suppressed "
        "counts reads “at least N”, and an unpublished row reads “no data” — never 0.",
    ),
    "method.tables": _l(
        "Кестелер пайдаланушылардың сұрақтарына қарай бөлінген, ұяшықтар ұлттық ауқымда сирек "
        "кіші болатындай: әр фронт-офистің күндік келулері (жиыны ғана); әр офистің айлық "
        "келулері арна, тақырып, нәтиже бойынша бөлек; өңірдің айлық арна × тақырып × нәтиже "
        "кестесі; SOS басулары өңір мен санат және түйме бойынша; камералар аудан, түр және "
        "мәртебе, өңір және санат бойынша. Жұмыс істейтін әр нысанның жолы бар: нөл 0 болып "
        "жарияланады.",
        "Таблицы нарезаны под вопросы пользователей так, чтобы ячейки на национальном уровне "
        "редко были малыми: посещения каждого фронт-офиса по дням (только итог); по месяцам — "
        "отдельно по каналу, теме и результату; регион за месяц — канал × тема × результат; "
        "SOS по региону и категории и по каждой кнопке; камеры по району, виду и статусу, по "
        "региону и категории. У каждого действующего объекта есть строка: ноль публикуется "
        "как 0.",
        "Tables are cut for the questions users ask, so that cells are rarely small at "
        "national scale: visits per front office per day (total only); per office per month "
        "by channel, by topic and by outcome separately; per region per month channel × topic "
        "× outcome; SOS per region and category and per button; cameras per district by kind "
        "and status, per region by category. Every operating facility has a row: zero is "
        "published as 0.",
    ),
    "method.audit": _l(
        "Қорғау дәлелденеді: әр жариялым алдында «шабуылшы» аудиті байланысты кестелердің "
        "барлық жарияланған сандары мен қосындыларынан (өңірлік және ұлттық жиындарды қоса) "
        "әр жасырылған ұяшықтың ең кіші және ең үлкен мүмкін мәнін сызықтық бағдарламалау "
        "арқылы есептейді. Кез келген ұяшықтың аралығы k−2-ден тар болса, жариялым тоқтатылып, "
        "қосымша ұяшық жасырылады.",
        "Защита доказывается: перед каждой публикацией аудит «атакующего» линейным "
        "программированием находит наименьшее и наибольшее возможное значение каждой скрытой "
        "ячейки по всем опубликованным числам и суммам связанных таблиц (включая региональные и "
        "национальные итоги). Если диапазон хоть одной ячейки уже k−2, скрывается ещё одна "
        "ячейка, и проверка повторяется.",
        "Protection is proven: before every publication an attacker's audit computes, by "
        "linear programming over every published number and sum of the linked tables "
        "(regional and national totals included), the smallest and largest value each hidden "
        "cell could take. If any range is narrower than k−2, a further cell is withheld and "
        "the audit runs again.",
    ),
    "method.loss_caption": _l(
        "Жасыру құны: жасырылған ұяшықтар мен оқиғалардың үлесі",
        "Цена скрытия: доля скрытых ячеек и событий",
        "Cost of suppression: share of cells and of events withheld",
    ),
    "method.loss_cells": _l("Жасырылған ұяшықтар, %", "Скрыто ячеек, %", "Cells withheld, %"),
    "method.loss_events": _l(
        "Жасырылған ұяшықтардағы оқиғалар, %",
        "События в скрытых ячейках, %",
        "Events in withheld cells, %",
    ),
    "method.loss_dataset": _l("Деректер жиыны", "Набор данных", "Dataset"),
    "method.cadence_heading": _l("Жаңарту кестесі", "График обновления", "Update cadence"),
    "method.cadence_text": _l(
        "Деректер әр түні жаңартылады: министрлік жүйелері өткен тәуліктің үзінділерін береді, "
        "ETL оларды тексеріп, иесіздендіріп, жиынтықтайды және бір транзакцияда жариялайды. Әр "
        "жариялымның нөмірі бар; кэштер мен файлдар соған байланған. Уақыт — Қазақстанның "
        "жергілікті уақыты (UTC+5). Күндік кестелер әр түні толықтырылады; айлық кестелер мен "
        "өңірлік жиынтықтар ай толық біткен соң жарияланады.",
        "Данные обновляются каждую ночь: системы министерства передают выгрузки за прошедшие "
        "сутки, ETL проверяет, обезличивает, агрегирует их и публикует одной транзакцией. У "
        "каждой публикации есть номер; кэши и файлы привязаны к нему. Время — местное время "
        "Казахстана (UTC+5). Дневные таблицы пополняются каждую ночь; месячные таблицы и итоги по "
        "регионам публикуются после окончания месяца.",
        "The data is refreshed every night: the ministry's systems deliver the previous day's "
        "extracts, and the ETL validates, anonymises and aggregates them and publishes "
        "everything in one transaction. Every publication has a number; caches and files are "
        "tied to it. Times are Kazakhstan local time (UTC+5). Daily tables grow every night; "
        "monthly tables and regional totals are published once the month is complete.",
    ),
    "method.cadence_caption": _l(
        "Деректер жиындарының жаңару жиілігі",
        "Частота обновления наборов данных",
        "How often each dataset is updated",
    ),
    "method.revisions_heading": _l(
        "Өзгерістер журналы (жариялымдар)",
        "Журнал изменений (публикации)",
        "Revision log (publications)",
    ),
    "method.revisions_caption": _l(
        "Соңғы жариялымдар, жаңасы бірінші",
        "Последние публикации, новые сверху",
        "Latest publications, newest first",
    ),
    "method.rows_change": _l(
        "{dataset}: {before} → {after} жол",
        "{dataset}: {before} → {after} строк",
        "{dataset}: {before} → {after} rows",
    ),
    "method.months_replaced": _l(
        "{dataset}: ауыстырылған айлар — {months}",
        "{dataset}: заменены месяцы — {months}",
        "{dataset}: months replaced — {months}",
    ),
    "method.targets_delivered": _l(
        "Жоспарлардың жаңа нұсқасы алынды", "Получена новая версия планов", "New targets delivered"
    ),
    "method.loaded": _l(
        "{dataset}: {count} жүктелді", "{dataset}: загружено {count}", "{dataset}: {count} loaded"
    ),
    "method.boundaries": _l("Өңір шекаралары", "Границы регионов", "Region boundaries"),
    "method.no_changes": _l("Өзгеріс жоқ", "Без изменений", "No changes"),
    "method.key_figures_heading": _l(
        "Ашық дереккөздердегі негізгі сандар",
        "Ключевые цифры из открытых источников",
        "Key figures from public sources",
    ),
    "method.key_figures_lead": _l(
        "Реформа туралы баспасөзде жарияланған сандар, дереккөзімен. Бұл порталдың өз "
        "статистикасы емес, контекст.",
        "Цифры о реформе, опубликованные в прессе, с указанием источника. Это не статистика "
        "портала, а контекст.",
        "Figures about the reform published in the press, each with its source. They are "
        "context, not the portal's own statistics.",
    ),
    "method.key_figures_caption": _l(
        "Негізгі сандар және олардың дереккөздері",
        "Ключевые цифры и их источники",
        "Key figures and their sources",
    ),
    "method.source_cite": _l(
        "«{title}». {publisher}, {date}. Файл: {file} ({language}).",
        "«{title}». {publisher}, {date}. Файл: {file} ({language}).",
        "“{title}”. {publisher}, {date}. File: {file} ({language}).",
    ),
    "method.date_not_stated": _l("күні көрсетілмеген", "дата не указана", "date not stated"),
    "method.sources_heading": _l("Дереккөздер", "Источники", "Sources"),
    "method.source_operations": _l(
        "Фронт-офистер, SOS түймелері және камералар: ІІМ ақпараттық жүйелерінің түнгі "
        "үзінділері (тек иесіздендірілген жиынтықтар жарияланады).",
        "Фронт-офисы, тревожные кнопки и камеры: ночные выгрузки информационных систем МВД "
        "(публикуются только обезличенные итоги).",
        "Front offices, SOS buttons and cameras: nightly extracts from the information systems "
        "of the Ministry of Internal Affairs (only anonymised totals are published).",
    ),
    "method.source_population": _l(
        "Халық саны: ҚР Стратегиялық жоспарлау және реформалар агенттігінің Ұлттық статистика "
        "бюросы.",
        "Численность населения: Бюро национальной статистики Агентства по стратегическому "
        "планированию и реформам РК.",
        "Population: Bureau of National Statistics, Agency for Strategic Planning and Reforms of "
        "the Republic of Kazakhstan.",
    ),
    "method.source_boundaries": _l(
        "Өңір шекаралары: geokz (А. Родионов), CC BY 4.0, OCHA COD-AB негізінде.",
        "Границы регионов: geokz (А. Родионов), CC BY 4.0, на основе OCHA COD-AB.",
        "Region boundaries: geokz (A. Rodionov), CC BY 4.0, based on OCHA COD-AB.",
    ),
    "col.publication": _l("Жариялым", "Публикация", "Publication"),
    "col.published_at": _l("Жарияланған уақыты", "Время публикации", "Published"),
    "col.nights": _l("Қамтылған түндер", "Охваченные ночи", "Nights covered"),
    "col.demo": _l("Демо деректер", "Демо-данные", "Demo data"),
    "col.changes": _l("Өзгерістер", "Изменения", "Changes"),
    "col.period": _l("Кезең", "Период", "Period"),
    "col.scope": _l("Аумақ", "Территория", "Scope"),
    "col.cadence": _l("Жаңару жиілігі", "Частота обновления", "Update cadence"),
    "col.dataset": _l("Деректер жиыны", "Набор данных", "Dataset"),
}
