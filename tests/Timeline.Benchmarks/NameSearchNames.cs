using System.Text;

namespace Timeline.Benchmarks;

/// <summary>
/// Names as sanctions lists write North Korean and Russian people, drawn from lists of real family and given names by
/// their frequency: no two made-up names share a made-up part, so many names share real ones (<c>Kim</c>, <c>Son</c>,
/// <c>Сергей</c>), as they do in the lists. Deterministic for a seed.
/// </summary>
public sealed class NameSearchNames(int seed)
{
    /// <summary>One person's name and three aliases.</summary>
    public sealed record Person(string Name, string[] Aliases);

    // Korean family names with their share in per mille (as the DPRK and South Korean censuses count them), written as
    // DPRK sources do in Latin letters, in Hangul, in Russian (Kontsevich) and in Hanja.
    private static readonly (string Latin, string Hangul, string Cyrillic, string Han, int PerMille)[] Family =
    [
        ("Kim", "김", "Ким", "金", 215), ("Ri", "리", "Ри", "李", 147), ("Pak", "박", "Пак", "朴", 84), ("Choe", "최", "Цой", "崔", 47),
        ("Jong", "정", "Чон", "鄭", 44), ("Kang", "강", "Кан", "姜", 23), ("Jo", "조", "Чо", "趙", 21), ("Yun", "윤", "Юн", "尹", 21),
        ("Jang", "장", "Чан", "張", 20), ("Rim", "림", "Рим", "林", 17), ("Han", "한", "Хан", "韓", 15), ("O", "오", "О", "吳", 15),
        ("So", "서", "Со", "徐", 14), ("Sin", "신", "Син", "申", 14), ("Kwon", "권", "Квон", "權", 14), ("Hwang", "황", "Хван", "黃", 14),
        ("An", "안", "Ан", "安", 14), ("Song", "송", "Сон", "宋", 13), ("Ryu", "류", "Рю", "柳", 13), ("Jon", "전", "Чон", "全", 11),
        ("Hong", "홍", "Хон", "洪", 11), ("Ko", "고", "Ко", "高", 9), ("Mun", "문", "Мун", "文", 9), ("Yang", "양", "Ян", "梁", 9),
        ("Son", "손", "Сон", "孫", 9), ("Pae", "배", "Пэ", "裵", 8), ("Paek", "백", "Пэк", "白", 8), ("Ho", "허", "Хо", "許", 6),
        ("Yu", "유", "Ю", "劉", 6), ("Nam", "남", "Нам", "南", 6), ("Sim", "심", "Сим", "沈", 5), ("No", "노", "Но", "盧", 5),
        ("Ha", "하", "Ха", "河", 4), ("Kwak", "곽", "Квак", "郭", 4), ("Song", "성", "Сон", "成", 4), ("Cha", "차", "Ча", "車", 4),
        ("Ju", "주", "Чу", "朱", 4), ("U", "우", "У", "禹", 4), ("Ku", "구", "Ку", "具", 3), ("Min", "민", "Мин", "閔", 3),
    ];

    // Syllables of Korean given names, the commoner first (a given name is two of them, one in ten names only one).
    private static readonly (string Latin, string Hangul, string Cyrillic, string Han)[] Given =
    [
        ("Son", "선", "Сон", "善"), ("Chol", "철", "Чхоль", "哲"), ("Yong", "영", "Ён", "英"), ("Hui", "희", "Хи", "姬"), ("Il", "일", "Ир", "日"),
        ("Song", "성", "Сон", "成"), ("Nam", "남", "Нам", "男"), ("Ho", "호", "Хо", "浩"), ("Gwang", "광", "Гван", "光"), ("Myong", "명", "Мён", "明"),
        ("Jong", "정", "Чон", "正"), ("Su", "수", "Су", "秀"), ("Min", "민", "Мин", "敏"), ("Hyok", "혁", "Хёк", "赫"), ("Jin", "진", "Чин", "鎭"),
        ("Sok", "석", "Сок", "錫"), ("Ok", "옥", "Ок", "玉"), ("Sun", "순", "Сун", "順"), ("Gyong", "경", "Гён", "京"), ("Chun", "춘", "Чхун", "春"),
        ("Hwa", "화", "Хва", "花"), ("Ryong", "룡", "Рён", "龍"), ("Un", "은", "Ын", "恩"), ("Hak", "학", "Хак", "學"), ("Ung", "웅", "Ун", "雄"),
        ("Thae", "태", "Тхэ", "泰"), ("Gil", "길", "Киль", "吉"), ("Mun", "문", "Мун", "文"), ("Bok", "복", "Пок", "福"), ("Dok", "덕", "Ток", "德"),
        ("Pyong", "평", "Пхён", "平"), ("Jun", "준", "Чжун", "俊"), ("Hun", "훈", "Хун", "勳"), ("Yon", "연", "Ён", "蓮"), ("Rye", "례", "Ре", "禮"),
        ("Mi", "미", "Ми", "美"), ("Kyu", "규", "Кю", "奎"), ("Tong", "동", "Тон", "東"), ("Chang", "창", "Чхан", "昌"), ("Pom", "범", "Пом", "範"),
        ("Sam", "삼", "Сам", "三"), ("Hyon", "현", "Хён", "賢"), ("Chan", "찬", "Чхан", "贊"), ("Kuk", "국", "Кук", "國"), ("Hyang", "향", "Хян", "香"),
        ("Ae", "애", "Э", "愛"), ("Ran", "란", "Ран", "蘭"), ("Sil", "실", "Силь", "實"), ("Sung", "승", "Сын", "勝"), ("Ik", "익", "Ик", "益"),
        ("Ju", "주", "Чу", "柱"), ("Yu", "유", "Ю", "裕"), ("Hae", "해", "Хэ", "海"), ("Gum", "금", "Кым", "錦"), ("Sol", "설", "Соль", "雪"),
        ("Won", "원", "Вон", "元"), ("Hung", "흥", "Хын", "興"), ("Chon", "천", "Чхон", "天"), ("Pil", "필", "Пхиль", "弼"), ("Ryon", "련", "Рён", "連"),
        ("Jae", "재", "Чже", "在"), ("U", "우", "У", "宇"), ("Bong", "봉", "Пон", "鳳"), ("Byong", "병", "Пён", "炳"), ("Yol", "열", "Ёль", "烈"),
        ("Sang", "상", "Сан", "相"), ("Hwan", "환", "Хван", "煥"), ("Ryol", "렬", "Рёль", "烈"), ("Rok", "록", "Рок", "祿"), ("Yo", "여", "Ё", "與"),
    ];

    private static readonly string[] RussianFamily =
    [
        "Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов", "Новиков", "Фёдоров", "Морозов", "Волков",
        "Алексеев", "Лебедев", "Семёнов", "Егоров", "Павлов", "Козлов", "Степанов", "Николаев", "Орлов", "Андреев", "Макаров", "Никитин",
        "Захаров", "Зайцев", "Соловьёв", "Борисов", "Яковлев", "Григорьев", "Романов", "Воробьёв", "Сергеев", "Кузьмин", "Фролов",
        "Александров", "Дмитриев", "Королёв", "Гусев", "Киселёв", "Ильин", "Максимов", "Поляков", "Сорокин", "Виноградов", "Ковалёв",
        "Белов", "Медведев", "Антонов", "Тарасов", "Жуков", "Баранов", "Филиппов", "Комаров", "Давыдов", "Беляев", "Герасимов", "Богданов",
        "Осипов", "Сидоров", "Матвеев", "Титов", "Марков", "Миронов", "Крылов", "Куликов", "Карпов", "Власов", "Мельников", "Денисов",
        "Гаврилов", "Тихонов", "Казаков", "Афанасьев", "Данилов", "Савельев", "Тимофеев", "Фомин", "Чернов", "Абрамов", "Мартынов",
        "Ефимов", "Федотов", "Щербаков", "Назаров", "Калинин", "Исаев", "Чернышёв", "Быков", "Маслов", "Родионов", "Коновалов", "Лазарев",
        "Воронин", "Климов", "Филатов", "Пономарёв", "Голубев", "Кудрявцев", "Прохоров", "Наумов", "Потапов", "Журавлёв", "Овчинников",
        "Трофимов", "Леонов", "Соболев", "Ермаков", "Колесников", "Гончаров", "Емельянов", "Никифоров", "Грачёв", "Котов", "Гришин",
        "Ефремов", "Архипов", "Громов", "Кириллов", "Малышев", "Панов", "Моисеев", "Румянцев", "Акимов", "Кондратьев", "Бирюков",
        "Горбунов", "Анисимов", "Тихомиров", "Галкин", "Лукьянов", "Михеев", "Скворцов", "Юдин", "Белоусов", "Нестеров", "Симонов",
        "Прокофьев", "Харитонов", "Князев", "Цветков", "Левин", "Митрофанов", "Воронов", "Аксёнов", "Мальцев", "Логинов", "Горшков",
        "Савин", "Краснов", "Майоров", "Демидов", "Елисеев", "Рыбаков", "Сафонов", "Плотников", "Хохлов", "Жданов", "Носов", "Лавров",
        "Нарышкин", "Патрушев", "Бортников", "Золотов", "Колокольцев", "Шевченко", "Коваленко", "Бондаренко", "Ткаченко", "Кравченко",
        "Черных", "Седых", "Шойгу", "Вишневский", "Ковальский", "Жуковский", "Покровский", "Успенский", "Троицкий", "Оганесян", "Алиев",
    ];

    // Men's names with the stem of the patronymic they give (Сергей → Сергеевич, Сергеевна).
    private static readonly (string Name, string Patronymic)[] Men =
    [
        ("Александр", "Александров"), ("Сергей", "Сергеев"), ("Дмитрий", "Дмитриев"), ("Андрей", "Андреев"), ("Алексей", "Алексеев"),
        ("Владимир", "Владимиров"), ("Николай", "Николаев"), ("Иван", "Иванов"), ("Михаил", "Михайлов"), ("Евгений", "Евгеньев"),
        ("Юрий", "Юрьев"), ("Игорь", "Игорев"), ("Олег", "Олегов"), ("Виктор", "Викторов"), ("Павел", "Павлов"), ("Анатолий", "Анатольев"),
        ("Василий", "Васильев"), ("Пётр", "Петров"), ("Григорий", "Григорьев"), ("Константин", "Константинов"), ("Валерий", "Валерьев"),
        ("Вячеслав", "Вячеславов"), ("Роман", "Романов"), ("Максим", "Максимов"), ("Артём", "Артёмов"), ("Денис", "Денисов"),
        ("Фёдор", "Фёдоров"), ("Леонид", "Леонидов"), ("Станислав", "Станиславов"), ("Аркадий", "Аркадьев"), ("Георгий", "Георгиев"),
        ("Степан", "Степанов"), ("Кирилл", "Кириллов"), ("Вадим", "Вадимов"), ("Эдуард", "Эдуардов"), ("Геннадий", "Геннадьев"),
        ("Борис", "Борисов"), ("Тимур", "Тимуров"), ("Руслан", "Русланов"), ("Кужугет", "Кужугетов"),
    ];

    private static readonly string[] Women =
    [
        "Елена", "Ольга", "Наталья", "Татьяна", "Ирина", "Светлана", "Анна", "Мария", "Екатерина", "Юлия", "Марина", "Галина",
        "Людмила", "Валентина", "Анастасия", "Вера", "Надежда", "Ксения", "Дарья", "Виктория", "Алла", "Нина", "Лариса", "Оксана",
    ];

    private readonly Random _random = new(seed);
    private readonly int[] _familyShares = Family.Select(f => f.PerMille).ToArray();

    /// <summary>A North Korean: Latin as DPRK sources write it, aliases in Hangul, in Russian and in Hanja.</summary>
    public Person Korean()
    {
        var family = Family[Weighted(_familyShares)];
        var given = _random.Next(10) == 0 ? new[] { Syllable() } : new[] { Syllable(), Syllable() };
        // Sources write the given name's syllables apart (Son Hui) or joined by a hyphen (Son-hui).
        var latin = _random.Next(3) == 0
            ? $"{family.Latin} {given[0].Latin}{string.Concat(given.Skip(1).Select(g => "-" + g.Latin.ToLowerInvariant()))}"
            : $"{family.Latin} {string.Join(' ', given.Select(g => g.Latin))}";
        return new Person(latin,
        [
            family.Hangul + string.Concat(given.Select(g => g.Hangul)),
            $"{family.Cyrillic} {string.Join(' ', given.Select(g => g.Cyrillic))}",
            family.Han + string.Concat(given.Select(g => g.Han)),
        ]);
    }

    /// <summary>A Russian as a Russian list writes them (family, given, patronymic); aliases in two Latin spellings and with initials.</summary>
    public Person Russian()
    {
        var woman = _random.Next(3) == 0;
        var family = RussianFamily[Zipf(RussianFamily.Length)];
        var given = woman ? Women[Zipf(Women.Length)] : Men[Zipf(Men.Length - 1)].Name;
        var patronymic = Men[Zipf(Men.Length)].Patronymic + (woman ? "на" : "ич");
        if (woman)
        {
            family = Feminine(family);
        }

        return new Person($"{family} {given} {patronymic}",
        [
            $"{Latin(given, Bgn)} {Latin(patronymic, Bgn)} {Latin(family, Bgn)}",
            $"{Latin(given, Passport)} {Latin(family, Passport)}",
            $"{family} {given[0]}. {patronymic[0]}.",
        ]);
    }

    private (string Latin, string Hangul, string Cyrillic, string Han) Syllable() => Given[Zipf(Given.Length)];

    /// <summary>An index below <paramref name="count"/>, the lower ones commoner (as names' frequencies fall off).</summary>
    private int Zipf(int count) => (int)(count * Math.Pow(_random.NextDouble(), 1.8));

    private int Weighted(int[] shares)
    {
        var pick = _random.Next(shares.Sum());
        for (var i = 0; i < shares.Length; i++)
        {
            pick -= shares[i];
            if (pick < 0)
            {
                return i;
            }
        }

        return shares.Length - 1;
    }

    private static string Feminine(string family) => family switch
    {
        _ when family.EndsWith("ский", StringComparison.Ordinal) || family.EndsWith("цкий", StringComparison.Ordinal) => family[..^2] + "ая",
        _ when family.EndsWith("ов", StringComparison.Ordinal) || family.EndsWith("ев", StringComparison.Ordinal) || family.EndsWith("ёв", StringComparison.Ordinal)
            || family.EndsWith("ин", StringComparison.Ordinal) || family.EndsWith("ын", StringComparison.Ordinal) => family + "а",
        _ => family,
    };

    // Two of the romanisations lists use: BGN/PCGN (Sergey, Yuryevich) and the passport's (Sergei, Iurevich).
    private static readonly Dictionary<char, string> Bgn = Letters("a b v g d ye yo zh z i y k l m n o p r s t u f kh ts ch sh shch '' y '' e yu ya");
    private static readonly Dictionary<char, string> Passport = Letters("a b v g d e e zh z i i k l m n o p r s t u f kh ts ch sh shch ie y '' e iu ia");

    private static Dictionary<char, string> Letters(string latin)
    {
        var letters = latin.Split(' ');
        return "абвгдеёжзийклмнопрстуфхцчшщъыьэюя".Select((c, i) => (c, l: letters[i] == "''" ? "" : letters[i])).ToDictionary(x => x.c, x => x.l);
    }

    private static string Latin(string cyrillic, Dictionary<char, string> letters)
    {
        var latin = new StringBuilder();
        foreach (var c in cyrillic.ToLowerInvariant())
        {
            // BGN writes е as ye only at a word's start and after a vowel; elsewhere e.
            var part = letters[c];
            if (c == 'е' && part == "ye" && latin.Length > 0 && !"aeiouy".Contains(latin[^1], StringComparison.Ordinal))
            {
                part = "e";
            }

            latin.Append(part);
        }

        return char.ToUpperInvariant(latin[0]) + latin.ToString(1, latin.Length - 1);
    }
}
