"""Demo data for a fictional run of the network: member organisations and delegate names.

Pure data, standard library only. The organisations are real places and institutions, but
their membership here is invented for demonstration; the people are made-up combinations of
common names for each country.

``native_name`` is the organisation's name in its own language and script; for
English-speaking members it equals ``name``. ``language`` is the primary language subtag of
the organisation's working language. ``country`` is ISO 3166-1 alpha-2 and ``timezone`` an
IANA zone name.

People in ``DELEGATE_NAMES`` carry a ``family_first`` flag telling how the name is written
natively (Korean, Japanese, Chinese, Vietnamese, Mongolian, Khmer: family name first). Burmese
names have no family name: those entries keep the whole name in the given fields and leave
the family fields empty. Bhutanese and Maldivian names have no inherited surname either; the
second name is stored as the family name, as is common on international paperwork.
"""

from typing import NamedTuple

FULL = "full"
ASSOCIATE = "associate"
MEMBERSHIPS = (FULL, ASSOCIATE)


class Org(NamedTuple):
    slug: str
    name: str
    native_name: str
    country: str
    city: str
    timezone: str
    membership: str
    language: str


class Person(NamedTuple):
    family_latin: str
    given_latin: str
    family_native: str
    given_native: str
    family_first: bool


# One organisation per entry, laid out by hand for readability.
# fmt: off
ORGANISATIONS: tuple[Org, ...] = (
    # ------------------------------------------------------------------ full members (83)
    # Korea
    Org("seoul", "Seoul Metropolitan Government", "서울특별시",
        "KR", "Seoul", "Asia/Seoul", FULL, "ko"),
    Org("busan", "Busan Metropolitan City", "부산광역시",
        "KR", "Busan", "Asia/Seoul", FULL, "ko"),
    Org("incheon", "Incheon Metropolitan City", "인천광역시",
        "KR", "Incheon", "Asia/Seoul", FULL, "ko"),
    Org("daegu", "Daegu Metropolitan City", "대구광역시",
        "KR", "Daegu", "Asia/Seoul", FULL, "ko"),
    Org("gwangju", "Gwangju Metropolitan City", "광주광역시",
        "KR", "Gwangju", "Asia/Seoul", FULL, "ko"),
    Org("daejeon", "Daejeon Metropolitan City", "대전광역시",
        "KR", "Daejeon", "Asia/Seoul", FULL, "ko"),
    Org("suwon", "Suwon Special City", "수원특례시",
        "KR", "Suwon", "Asia/Seoul", FULL, "ko"),
    Org("changwon", "Changwon Special City", "창원특례시",
        "KR", "Changwon", "Asia/Seoul", FULL, "ko"),
    Org("jeju", "Jeju Special Self-Governing Province", "제주특별자치도",
        "KR", "Jeju", "Asia/Seoul", FULL, "ko"),
    Org("seongdong-gu", "Seongdong District, Seoul", "서울특별시 성동구",
        "KR", "Seoul", "Asia/Seoul", FULL, "ko"),
    # Japan
    Org("yokohama", "City of Yokohama", "横浜市",
        "JP", "Yokohama", "Asia/Tokyo", FULL, "ja"),
    Org("kitakyushu", "City of Kitakyushu", "北九州市",
        "JP", "Kitakyushu", "Asia/Tokyo", FULL, "ja"),
    Org("kobe", "City of Kobe", "神戸市",
        "JP", "Kobe", "Asia/Tokyo", FULL, "ja"),
    Org("fukuoka", "Fukuoka City", "福岡市",
        "JP", "Fukuoka", "Asia/Tokyo", FULL, "ja"),
    Org("toyama", "Toyama City", "富山市",
        "JP", "Toyama", "Asia/Tokyo", FULL, "ja"),
    Org("kyoto", "Kyoto City", "京都市",
        "JP", "Kyoto", "Asia/Tokyo", FULL, "ja"),
    Org("nagoya", "City of Nagoya", "名古屋市",
        "JP", "Nagoya", "Asia/Tokyo", FULL, "ja"),
    # China
    Org("guangzhou", "Guangzhou Municipal People's Government", "广州市人民政府",
        "CN", "Guangzhou", "Asia/Shanghai", FULL, "zh"),
    Org("shenzhen", "Shenzhen Municipal People's Government", "深圳市人民政府",
        "CN", "Shenzhen", "Asia/Shanghai", FULL, "zh"),
    Org("chengdu", "Chengdu Municipal People's Government", "成都市人民政府",
        "CN", "Chengdu", "Asia/Shanghai", FULL, "zh"),
    Org("wuhan", "Wuhan Municipal People's Government", "武汉市人民政府",
        "CN", "Wuhan", "Asia/Shanghai", FULL, "zh"),
    Org("hangzhou", "Hangzhou Municipal People's Government", "杭州市人民政府",
        "CN", "Hangzhou", "Asia/Shanghai", FULL, "zh"),
    # Taiwan
    Org("taipei", "Taipei City Government", "臺北市政府",
        "TW", "Taipei", "Asia/Taipei", FULL, "zh"),
    Org("kaohsiung", "Kaohsiung City Government", "高雄市政府",
        "TW", "Kaohsiung", "Asia/Taipei", FULL, "zh"),
    Org("taichung", "Taichung City Government", "臺中市政府",
        "TW", "Taichung", "Asia/Taipei", FULL, "zh"),
    # Mongolia
    Org("ulaanbaatar", "Ulaanbaatar City", "Улаанбаатар хот",
        "MN", "Ulaanbaatar", "Asia/Ulaanbaatar", FULL, "mn"),
    # Vietnam
    Org("ho-chi-minh-city", "Ho Chi Minh City People's Committee",
        "Ủy ban nhân dân Thành phố Hồ Chí Minh",
        "VN", "Ho Chi Minh City", "Asia/Ho_Chi_Minh", FULL, "vi"),
    Org("hanoi", "Hanoi People's Committee", "Ủy ban nhân dân Thành phố Hà Nội",
        "VN", "Hanoi", "Asia/Ho_Chi_Minh", FULL, "vi"),
    Org("da-nang", "Da Nang City People's Committee", "Ủy ban nhân dân Thành phố Đà Nẵng",
        "VN", "Da Nang", "Asia/Ho_Chi_Minh", FULL, "vi"),
    Org("hue", "Hue City People's Committee", "Ủy ban nhân dân Thành phố Huế",
        "VN", "Hue", "Asia/Ho_Chi_Minh", FULL, "vi"),
    # Thailand
    Org("bangkok", "Bangkok Metropolitan Administration", "กรุงเทพมหานคร",
        "TH", "Bangkok", "Asia/Bangkok", FULL, "th"),
    Org("chiang-mai", "Chiang Mai City Municipality", "เทศบาลนครเชียงใหม่",
        "TH", "Chiang Mai", "Asia/Bangkok", FULL, "th"),
    Org("khon-kaen", "Khon Kaen City Municipality", "เทศบาลนครขอนแก่น",
        "TH", "Khon Kaen", "Asia/Bangkok", FULL, "th"),
    Org("phuket", "Phuket City Municipality", "เทศบาลนครภูเก็ต",
        "TH", "Phuket", "Asia/Bangkok", FULL, "th"),
    Org("hat-yai", "Hat Yai City Municipality", "เทศบาลนครหาดใหญ่",
        "TH", "Hat Yai", "Asia/Bangkok", FULL, "th"),
    # Cambodia
    Org("phnom-penh", "Phnom Penh Capital Administration", "រដ្ឋបាលរាជធានីភ្នំពេញ",
        "KH", "Phnom Penh", "Asia/Phnom_Penh", FULL, "km"),
    Org("siem-reap", "Siem Reap Provincial Administration", "រដ្ឋបាលខេត្តសៀមរាប",
        "KH", "Siem Reap", "Asia/Phnom_Penh", FULL, "km"),
    # Laos
    Org("vientiane", "Vientiane Capital", "ນະຄອນຫຼວງວຽງຈັນ",
        "LA", "Vientiane", "Asia/Vientiane", FULL, "lo"),
    # Myanmar
    Org("yangon", "Yangon City Development Committee",
        "ရန်ကုန်မြို့တော်စည်ပင်သာယာရေးကော်မတီ",
        "MM", "Yangon", "Asia/Yangon", FULL, "my"),
    Org("mandalay", "Mandalay City Development Committee",
        "မန္တလေးမြို့တော်စည်ပင်သာယာရေးကော်မတီ",
        "MM", "Mandalay", "Asia/Yangon", FULL, "my"),
    # Malaysia
    Org("kuala-lumpur", "Kuala Lumpur City Hall", "Dewan Bandaraya Kuala Lumpur",
        "MY", "Kuala Lumpur", "Asia/Kuala_Lumpur", FULL, "ms"),
    Org("penang-island", "Penang Island City Council", "Majlis Bandaraya Pulau Pinang",
        "MY", "George Town", "Asia/Kuala_Lumpur", FULL, "ms"),
    Org("kuching-south", "Kuching South City Council", "Majlis Bandaraya Kuching Selatan",
        "MY", "Kuching", "Asia/Kuching", FULL, "ms"),
    # Indonesia
    Org("surabaya", "Surabaya City Government", "Pemerintah Kota Surabaya",
        "ID", "Surabaya", "Asia/Jakarta", FULL, "id"),
    Org("jakarta", "Jakarta Provincial Government", "Pemerintah Provinsi DKI Jakarta",
        "ID", "Jakarta", "Asia/Jakarta", FULL, "id"),
    Org("bandung", "Bandung City Government", "Pemerintah Kota Bandung",
        "ID", "Bandung", "Asia/Jakarta", FULL, "id"),
    Org("semarang", "Semarang City Government", "Pemerintah Kota Semarang",
        "ID", "Semarang", "Asia/Jakarta", FULL, "id"),
    Org("makassar", "Makassar City Government", "Pemerintah Kota Makassar",
        "ID", "Makassar", "Asia/Makassar", FULL, "id"),
    Org("denpasar", "Denpasar City Government", "Pemerintah Kota Denpasar",
        "ID", "Denpasar", "Asia/Makassar", FULL, "id"),
    # Philippines
    Org("quezon-city", "Quezon City Government", "Pamahalaang Lungsod Quezon",
        "PH", "Quezon City", "Asia/Manila", FULL, "fil"),
    Org("makati", "City Government of Makati", "Pamahalaang Lungsod ng Makati",
        "PH", "Makati", "Asia/Manila", FULL, "fil"),
    Org("iloilo-city", "Iloilo City Government", "Pamahalaang Lungsod ng Iloilo",
        "PH", "Iloilo City", "Asia/Manila", FULL, "fil"),
    Org("davao-city", "City Government of Davao", "Pamahalaang Lungsod ng Dabaw",
        "PH", "Davao City", "Asia/Manila", FULL, "fil"),
    # Sri Lanka
    Org("colombo", "Colombo Municipal Council", "කොළඹ මහ නගර සභාව",
        "LK", "Colombo", "Asia/Colombo", FULL, "si"),
    Org("kandy", "Kandy Municipal Council", "මහනුවර මහ නගර සභාව",
        "LK", "Kandy", "Asia/Colombo", FULL, "si"),
    Org("jaffna", "Jaffna Municipal Council", "யாழ்ப்பாண மாநகர சபை",
        "LK", "Jaffna", "Asia/Colombo", FULL, "ta"),
    # India
    Org("delhi", "Municipal Corporation of Delhi", "दिल्ली नगर निगम",
        "IN", "Delhi", "Asia/Kolkata", FULL, "hi"),
    Org("pune", "Pune Municipal Corporation", "पुणे महानगरपालिका",
        "IN", "Pune", "Asia/Kolkata", FULL, "mr"),
    Org("chennai", "Greater Chennai Corporation", "பெருநகர சென்னை மாநகராட்சி",
        "IN", "Chennai", "Asia/Kolkata", FULL, "ta"),
    Org("ahmedabad", "Ahmedabad Municipal Corporation", "અમદાવાદ મહાનગરપાલિકા",
        "IN", "Ahmedabad", "Asia/Kolkata", FULL, "gu"),
    Org("kolkata", "Kolkata Municipal Corporation", "কলকাতা পৌরসংস্থা",
        "IN", "Kolkata", "Asia/Kolkata", FULL, "bn"),
    # Nepal
    Org("kathmandu", "Kathmandu Metropolitan City", "काठमाडौं महानगरपालिका",
        "NP", "Kathmandu", "Asia/Kathmandu", FULL, "ne"),
    Org("lalitpur", "Lalitpur Metropolitan City", "ललितपुर महानगरपालिका",
        "NP", "Lalitpur", "Asia/Kathmandu", FULL, "ne"),
    Org("pokhara", "Pokhara Metropolitan City", "पोखरा महानगरपालिका",
        "NP", "Pokhara", "Asia/Kathmandu", FULL, "ne"),
    # Bangladesh
    Org("dhaka-north", "Dhaka North City Corporation", "ঢাকা উত্তর সিটি কর্পোরেশন",
        "BD", "Dhaka", "Asia/Dhaka", FULL, "bn"),
    Org("dhaka-south", "Dhaka South City Corporation", "ঢাকা দক্ষিণ সিটি কর্পোরেশন",
        "BD", "Dhaka", "Asia/Dhaka", FULL, "bn"),
    Org("chattogram", "Chattogram City Corporation", "চট্টগ্রাম সিটি কর্পোরেশন",
        "BD", "Chattogram", "Asia/Dhaka", FULL, "bn"),
    # Pakistan
    Org("lahore", "Metropolitan Corporation Lahore", "میٹروپولیٹن کارپوریشن لاہور",
        "PK", "Lahore", "Asia/Karachi", FULL, "ur"),
    Org("karachi", "Karachi Metropolitan Corporation", "کراچی میٹروپولیٹن کارپوریشن",
        "PK", "Karachi", "Asia/Karachi", FULL, "ur"),
    Org("islamabad", "Metropolitan Corporation Islamabad",
        "میٹروپولیٹن کارپوریشن اسلام آباد",
        "PK", "Islamabad", "Asia/Karachi", FULL, "ur"),
    # Bhutan
    Org("thimphu", "Thimphu Thromde", "ཐིམ་ཕུ་ཁྲོམ་སྡེ",
        "BT", "Thimphu", "Asia/Thimphu", FULL, "dz"),
    # Maldives
    Org("male", "Malé City Council", "މާލެ ސިޓީ ކައުންސިލް",
        "MV", "Malé", "Indian/Maldives", FULL, "dv"),
    # Australia
    Org("sydney", "City of Sydney", "City of Sydney",
        "AU", "Sydney", "Australia/Sydney", FULL, "en"),
    Org("melbourne", "City of Melbourne", "City of Melbourne",
        "AU", "Melbourne", "Australia/Melbourne", FULL, "en"),
    Org("brisbane", "Brisbane City Council", "Brisbane City Council",
        "AU", "Brisbane", "Australia/Brisbane", FULL, "en"),
    # New Zealand
    Org("auckland", "Auckland Council", "Auckland Council",
        "NZ", "Auckland", "Pacific/Auckland", FULL, "en"),
    Org("wellington", "Wellington City Council", "Wellington City Council",
        "NZ", "Wellington", "Pacific/Auckland", FULL, "en"),
    # Fiji
    Org("suva", "Suva City Council", "Suva City Council",
        "FJ", "Suva", "Pacific/Fiji", FULL, "en"),
    Org("lautoka", "Lautoka City Council", "Lautoka City Council",
        "FJ", "Lautoka", "Pacific/Fiji", FULL, "en"),
    # Papua New Guinea
    Org("port-moresby", "National Capital District Commission",
        "National Capital District Commission",
        "PG", "Port Moresby", "Pacific/Port_Moresby", FULL, "en"),
    # Beyond Asia-Pacific
    Org("lyon", "Lyon Metropolis", "Métropole de Lyon",
        "FR", "Lyon", "Europe/Paris", FULL, "fr"),
    Org("barcelona", "Barcelona City Council", "Ajuntament de Barcelona",
        "ES", "Barcelona", "Europe/Madrid", FULL, "ca"),
    Org("rotterdam", "City of Rotterdam", "Gemeente Rotterdam",
        "NL", "Rotterdam", "Europe/Amsterdam", FULL, "nl"),
    # ------------------------------------------------------------- associate members (47)
    # Korea
    Org("seoul-institute", "The Seoul Institute", "서울연구원",
        "KR", "Seoul", "Asia/Seoul", ASSOCIATE, "ko"),
    Org("krihs", "Korea Research Institute for Human Settlements", "국토연구원",
        "KR", "Sejong", "Asia/Seoul", ASSOCIATE, "ko"),
    Org("sh-corporation", "Seoul Housing & Communities Corporation", "서울주택도시공사",
        "KR", "Seoul", "Asia/Seoul", ASSOCIATE, "ko"),
    Org("busan-development-institute", "Busan Development Institute", "부산연구원",
        "KR", "Busan", "Asia/Seoul", ASSOCIATE, "ko"),
    Org("snu-gses", "Seoul National University Graduate School of Environmental Studies",
        "서울대학교 환경대학원",
        "KR", "Seoul", "Asia/Seoul", ASSOCIATE, "ko"),
    Org("gyeonggi-research-institute", "Gyeonggi Research Institute", "경기연구원",
        "KR", "Suwon", "Asia/Seoul", ASSOCIATE, "ko"),
    Org("k-water", "Korea Water Resources Corporation", "한국수자원공사",
        "KR", "Daejeon", "Asia/Seoul", ASSOCIATE, "ko"),
    # Japan
    Org("iges", "Institute for Global Environmental Strategies",
        "公益財団法人地球環境戦略研究機関",
        "JP", "Hayama", "Asia/Tokyo", ASSOCIATE, "ja"),
    Org("yokohama-waterworks", "Yokohama Waterworks Bureau", "横浜市水道局",
        "JP", "Yokohama", "Asia/Tokyo", ASSOCIATE, "ja"),
    Org("kita", "Kitakyushu International Techno-cooperative Association",
        "公益財団法人北九州国際技術協力協会",
        "JP", "Kitakyushu", "Asia/Tokyo", ASSOCIATE, "ja"),
    Org("utokyo-urban-engineering", "The University of Tokyo, Department of Urban Engineering",
        "東京大学大学院工学系研究科都市工学専攻",
        "JP", "Tokyo", "Asia/Tokyo", ASSOCIATE, "ja"),
    Org("jica", "Japan International Cooperation Agency", "独立行政法人国際協力機構",
        "JP", "Tokyo", "Asia/Tokyo", ASSOCIATE, "ja"),
    # China
    Org("tongji-caup", "Tongji University College of Architecture and Urban Planning",
        "同济大学建筑与城市规划学院",
        "CN", "Shanghai", "Asia/Shanghai", ASSOCIATE, "zh"),
    Org("caupd", "China Academy of Urban Planning and Design", "中国城市规划设计研究院",
        "CN", "Beijing", "Asia/Shanghai", ASSOCIATE, "zh"),
    Org("guangzhou-planning-institute",
        "Guangzhou Urban Planning & Design Survey Research Institute",
        "广州市城市规划勘测设计研究院",
        "CN", "Guangzhou", "Asia/Shanghai", ASSOCIATE, "zh"),
    # Taiwan
    Org("taipei-water", "Taipei Water Department", "臺北自來水事業處",
        "TW", "Taipei", "Asia/Taipei", ASSOCIATE, "zh"),
    Org("ntu-bp", "National Taiwan University Graduate Institute of Building and Planning",
        "國立臺灣大學建築與城鄉研究所",
        "TW", "Taipei", "Asia/Taipei", ASSOCIATE, "zh"),
    # Mongolia
    Org("usug", "Ulaanbaatar Water Supply and Sewerage Authority",
        "Улаанбаатар хотын Ус сувгийн удирдах газар",
        "MN", "Ulaanbaatar", "Asia/Ulaanbaatar", ASSOCIATE, "mn"),
    # Vietnam
    Org("hids", "Ho Chi Minh City Institute for Development Studies",
        "Viện Nghiên cứu Phát triển Thành phố Hồ Chí Minh",
        "VN", "Ho Chi Minh City", "Asia/Ho_Chi_Minh", ASSOCIATE, "vi"),
    Org("sawaco", "Saigon Water Corporation", "Tổng Công ty Cấp nước Sài Gòn",
        "VN", "Ho Chi Minh City", "Asia/Ho_Chi_Minh", ASSOCIATE, "vi"),
    Org("hanoi-architectural-university", "Hanoi Architectural University",
        "Trường Đại học Kiến trúc Hà Nội",
        "VN", "Hanoi", "Asia/Ho_Chi_Minh", ASSOCIATE, "vi"),
    # Thailand
    Org("tei", "Thailand Environment Institute", "สถาบันสิ่งแวดล้อมไทย",
        "TH", "Nonthaburi", "Asia/Bangkok", ASSOCIATE, "th"),
    Org("chula-architecture", "Chulalongkorn University Faculty of Architecture",
        "คณะสถาปัตยกรรมศาสตร์ จุฬาลงกรณ์มหาวิทยาลัย",
        "TH", "Bangkok", "Asia/Bangkok", ASSOCIATE, "th"),
    Org("mwa", "Metropolitan Waterworks Authority", "การประปานครหลวง",
        "TH", "Bangkok", "Asia/Bangkok", ASSOCIATE, "th"),
    Org("ait", "Asian Institute of Technology", "สถาบันเทคโนโลยีแห่งเอเชีย",
        "TH", "Pathum Thani", "Asia/Bangkok", ASSOCIATE, "en"),
    # Cambodia
    Org("ppwsa", "Phnom Penh Water Supply Authority", "រដ្ឋាករទឹកស្វយ័តក្រុងភ្នំពេញ",
        "KH", "Phnom Penh", "Asia/Phnom_Penh", ASSOCIATE, "km"),
    # Laos
    Org("nuol", "National University of Laos", "ມະຫາວິທະຍາໄລແຫ່ງຊາດ",
        "LA", "Vientiane", "Asia/Vientiane", ASSOCIATE, "lo"),
    # Myanmar
    Org("yangon-heritage-trust", "Yangon Heritage Trust",
        "ရန်ကုန်အမွေအနှစ်ထိန်းသိမ်းရေးအဖွဲ့",
        "MM", "Yangon", "Asia/Yangon", ASSOCIATE, "my"),
    # Malaysia
    Org("think-city", "Think City", "Think City",
        "MY", "Kuala Lumpur", "Asia/Kuala_Lumpur", ASSOCIATE, "en"),
    Org("utm-built-environment",
        "Universiti Teknologi Malaysia, Faculty of Built Environment and Surveying",
        "Fakulti Alam Bina dan Ukur, Universiti Teknologi Malaysia",
        "MY", "Johor Bahru", "Asia/Kuala_Lumpur", ASSOCIATE, "ms"),
    # Singapore
    Org("centre-for-liveable-cities", "Centre for Liveable Cities",
        "Centre for Liveable Cities",
        "SG", "Singapore", "Asia/Singapore", ASSOCIATE, "en"),
    Org("ura", "Urban Redevelopment Authority", "Urban Redevelopment Authority",
        "SG", "Singapore", "Asia/Singapore", ASSOCIATE, "en"),
    Org("pub", "PUB, Singapore's National Water Agency",
        "PUB, Singapore's National Water Agency",
        "SG", "Singapore", "Asia/Singapore", ASSOCIATE, "en"),
    # Indonesia
    Org("surya-sembada", "Surya Sembada Water Utility of Surabaya",
        "Perusahaan Umum Daerah Air Minum Surya Sembada Kota Surabaya",
        "ID", "Surabaya", "Asia/Jakarta", ASSOCIATE, "id"),
    Org("itb-sappk",
        "Bandung Institute of Technology, School of Architecture, Planning and Policy "
        "Development",
        "Sekolah Arsitektur, Perencanaan dan Pengembangan Kebijakan, "
        "Institut Teknologi Bandung",
        "ID", "Bandung", "Asia/Jakarta", ASSOCIATE, "id"),
    Org("apeksi", "Association of Indonesian Municipalities",
        "Asosiasi Pemerintah Kota Seluruh Indonesia",
        "ID", "Jakarta", "Asia/Jakarta", ASSOCIATE, "id"),
    # Philippines
    Org("up-surp", "University of the Philippines School of Urban and Regional Planning",
        "University of the Philippines School of Urban and Regional Planning",
        "PH", "Quezon City", "Asia/Manila", ASSOCIATE, "en"),
    Org("pids", "Philippine Institute for Development Studies",
        "Philippine Institute for Development Studies",
        "PH", "Quezon City", "Asia/Manila", ASSOCIATE, "en"),
    # Sri Lanka
    Org("uda-sri-lanka", "Urban Development Authority of Sri Lanka",
        "නාගරික සංවර්ධන අධිකාරිය",
        "LK", "Battaramulla", "Asia/Colombo", ASSOCIATE, "si"),
    Org("university-of-moratuwa", "University of Moratuwa", "මොරටුව විශ්වවිද්‍යාලය",
        "LK", "Moratuwa", "Asia/Colombo", ASSOCIATE, "si"),
    # India
    Org("niua", "National Institute of Urban Affairs", "राष्ट्रीय शहरी कार्य संस्थान",
        "IN", "New Delhi", "Asia/Kolkata", ASSOCIATE, "en"),
    Org("iihs", "Indian Institute for Human Settlements",
        "Indian Institute for Human Settlements",
        "IN", "Bengaluru", "Asia/Kolkata", ASSOCIATE, "en"),
    # Nepal
    Org("kukl", "Kathmandu Upatyaka Khanepani Limited",
        "काठमाडौं उपत्यका खानेपानी लिमिटेड",
        "NP", "Kathmandu", "Asia/Kathmandu", ASSOCIATE, "ne"),
    # Bangladesh
    Org("bip", "Bangladesh Institute of Planners", "বাংলাদেশ ইনস্টিটিউট অব প্ল্যানার্স",
        "BD", "Dhaka", "Asia/Dhaka", ASSOCIATE, "bn"),
    # Pakistan
    Org("lda", "Lahore Development Authority", "لاہور ترقیاتی ادارہ",
        "PK", "Lahore", "Asia/Karachi", ASSOCIATE, "ur"),
    # Australia
    Org("rmit-centre-for-urban-research", "RMIT University Centre for Urban Research",
        "RMIT University Centre for Urban Research",
        "AU", "Melbourne", "Australia/Melbourne", ASSOCIATE, "en"),
    # France
    Org("urbalyon", "Lyon Urban Planning Agency",
        "Agence d'urbanisme de l'aire métropolitaine lyonnaise",
        "FR", "Lyon", "Europe/Paris", ASSOCIATE, "fr"),
)
# fmt: on


def _p(family: str, given: str, family_first: bool = False) -> Person:
    """A Latin-script name: the native spelling is the Latin one."""
    return Person(family, given, family, given, family_first)


def _ff(family: str, given: str, family_native: str, given_native: str) -> Person:
    """A person whose name is written family name first."""
    return Person(family, given, family_native, given_native, True)


def _gf(family: str, given: str, family_native: str, given_native: str) -> Person:
    """A person whose name is written given name first."""
    return Person(family, given, family_native, given_native, False)


def _mononym(given: str, given_native: str) -> Person:
    """A Burmese name: no family name at all."""
    return Person("", given, "", given_native, False)


DELEGATE_NAMES: dict[str, tuple[Person, ...]] = {
    "KR": (
        _ff("Kim", "Min-jun", "김", "민준"),
        _ff("Lee", "Seo-yeon", "이", "서연"),
        _ff("Park", "Ji-hoon", "박", "지훈"),
        _ff("Choi", "Su-a", "최", "수아"),
        _ff("Jung", "Woo-jin", "정", "우진"),
        _ff("Kang", "Ha-eun", "강", "하은"),
        _ff("Cho", "Hyun-woo", "조", "현우"),
        _ff("Yoon", "Ji-min", "윤", "지민"),
        _ff("Jang", "Eun-ji", "장", "은지"),
        _ff("Lim", "Sung-ho", "임", "성호"),
        _ff("Han", "Yu-jin", "한", "유진"),
        _ff("Oh", "Jun-ho", "오", "준호"),
        _ff("Seo", "Ji-won", "서", "지원"),
        _ff("Shin", "Dong-hyun", "신", "동현"),
    ),
    "JP": (
        _ff("Sato", "Ken", "佐藤", "健"),
        _ff("Suzuki", "Misaki", "鈴木", "美咲"),
        _ff("Takahashi", "Daisuke", "高橋", "大輔"),
        _ff("Tanaka", "Yuko", "田中", "優子"),
        _ff("Ito", "Shota", "伊藤", "翔太"),
        _ff("Watanabe", "Yumi", "渡辺", "由美"),
        _ff("Yamamoto", "Takuya", "山本", "拓也"),
        _ff("Nakamura", "Keiko", "中村", "恵子"),
        _ff("Kobayashi", "Naoki", "小林", "直樹"),
        _ff("Kato", "Sakura", "加藤", "さくら"),
        _ff("Yoshida", "Koji", "吉田", "浩二"),
        _ff("Yamada", "Ayaka", "山田", "彩花"),
        _ff("Matsumoto", "Kazuya", "松本", "和也"),
        _ff("Inoue", "Mariko", "井上", "真理子"),
    ),
    "CN": (
        _ff("Wang", "Fang", "王", "芳"),
        _ff("Li", "Wei", "李", "伟"),
        _ff("Zhang", "Min", "张", "敏"),
        _ff("Liu", "Yang", "刘", "洋"),
        _ff("Chen", "Jing", "陈", "静"),
        _ff("Yang", "Fan", "杨", "帆"),
        _ff("Zhao", "Li", "赵", "丽"),
        _ff("Huang", "Zhiqiang", "黄", "志强"),
        _ff("Zhou", "Xiaoyan", "周", "晓燕"),
        _ff("Wu", "Jianguo", "吴", "建国"),
    ),
    "TW": (
        _ff("Chen", "Yi-chun", "陳", "怡君"),
        _ff("Lin", "Chih-ming", "林", "志明"),
        _ff("Huang", "Shu-fen", "黃", "淑芬"),
        _ff("Chang", "Chia-hao", "張", "家豪"),
        _ff("Lee", "Chia-ying", "李", "佳穎"),
        _ff("Wang", "Chien-hung", "王", "建宏"),
        _ff("Wu", "Ya-ting", "吳", "雅婷"),
        _ff("Liu", "Kuan-ting", "劉", "冠廷"),
    ),
    # Mongolian: the "family" part is the patronymic (father's given name).
    "MN": (
        _ff("Ganbaatar", "Bolormaa", "Ганбаатар", "Болормаа"),
        _ff("Batbayar", "Temuulen", "Батбаяр", "Тэмүүлэн"),
        _ff("Dorj", "Oyunchimeg", "Дорж", "Оюунчимэг"),
        _ff("Sukhbaatar", "Ganzorig", "Сүхбаатар", "Ганзориг"),
        _ff("Tseren", "Sarangerel", "Цэрэн", "Сарангэрэл"),
        _ff("Munkhbat", "Baterdene", "Мөнхбат", "Батэрдэнэ"),
        _ff("Enkhbayar", "Narantuya", "Энхбаяр", "Нарантуяа"),
        _ff("Purev", "Tumurbaatar", "Пүрэв", "Төмөрбаатар"),
    ),
    "VN": (
        _ff("Nguyễn", "Thị Lan", "Nguyễn", "Thị Lan"),
        _ff("Trần", "Văn Minh", "Trần", "Văn Minh"),
        _ff("Lê", "Thị Hương", "Lê", "Thị Hương"),
        _ff("Phạm", "Quốc Anh", "Phạm", "Quốc Anh"),
        _ff("Hoàng", "Văn Dũng", "Hoàng", "Văn Dũng"),
        _ff("Vũ", "Thị Mai", "Vũ", "Thị Mai"),
        _ff("Đặng", "Minh Tuấn", "Đặng", "Minh Tuấn"),
        _ff("Bùi", "Thị Thu Hà", "Bùi", "Thị Thu Hà"),
        _ff("Đỗ", "Quang Huy", "Đỗ", "Quang Huy"),
        _ff("Ngô", "Thị Ngọc Ánh", "Ngô", "Thị Ngọc Ánh"),
    ),
    "TH": (
        _gf("Jaidee", "Somchai", "ใจดี", "สมชาย"),
        _gf("Srisuk", "Sudarat", "ศรีสุข", "สุดารัตน์"),
        _gf("Wongsawat", "Thanaphon", "วงศ์สวัสดิ์", "ธนพล"),
        _gf("Boonma", "Pimchanok", "บุญมา", "พิมพ์ชนก"),
        _gf("Saengthong", "Weerapong", "แสงทอง", "วีระพงษ์"),
        _gf("Thongdee", "Napatsorn", "ทองดี", "นภัสสร"),
        _gf("Suksawat", "Nattawut", "สุขสวัสดิ์", "ณัฐวุฒิ"),
        _gf("Promma", "Kamonchanok", "พรหมมา", "กมลชนก"),
        _gf("Rattanaphan", "Anucha", "รัตนพันธ์", "อนุชา"),
        _gf("Chanpen", "Piyanuch", "จันทร์เพ็ญ", "ปิยะนุช"),
        _gf("Kasemsuk", "Chaiwat", "เกษมสุข", "ชัยวัฒน์"),
        _gf("Sriwong", "Wanna", "ศรีวงศ์", "วรรณา"),
        _gf("Maneerat", "Surachai", "มณีรัตน์", "สุรชัย"),
        _gf("Thongkham", "Onuma", "ทองคำ", "อรอุมา"),
    ),
    "KH": (
        _ff("Sok", "Chantha", "សុខ", "ចាន់ថា"),
        _ff("Chan", "Dara", "ចាន់", "ដារ៉ា"),
        _ff("Heng", "Sophea", "ហេង", "សុភា"),
        _ff("Kim", "Sovann", "គឹម", "សុវណ្ណ"),
        _ff("Mao", "Sreynich", "ម៉ៅ", "ស្រីនិច"),
        _ff("Seng", "Ratana", "សេង", "រតនា"),
        _ff("Chhim", "Piseth", "ឈឹម", "ពិសិដ្ឋ"),
    ),
    "LA": (
        _gf("Phommavong", "Somphone", "ພົມມະວົງ", "ສົມພອນ"),
        _gf("Keomany", "Khamphone", "ແກ້ວມະນີ", "ຄຳພອນ"),
        _gf("Vongsa", "Souliya", "ວົງສາ", "ສຸລິຍາ"),
        _gf("Sihalath", "Nalee", "ສີຫາລາດ", "ນາລີ"),
        _gf("Phommachanh", "Bounmy", "ພົມມະຈັນ", "ບຸນມີ"),
        _gf("Souvannavong", "Manivone", "ສຸວັນນະວົງ", "ມະນີວອນ"),
        _gf("Xayavong", "Somsack", "ໄຊຍະວົງ", "ສົມສັກ"),
    ),
    "MM": (
        _mononym("Aung Ko Ko", "အောင်ကိုကို"),
        _mononym("Khin Mar Lar", "ခင်မာလာ"),
        _mononym("Zaw Min Htun", "ဇော်မင်းထွန်း"),
        _mononym("Nilar Win", "နီလာဝင်း"),
        _mononym("Thida Aung", "သီတာအောင်"),
        _mononym("Kyaw Swar", "ကျော်စွာ"),
        _mononym("Myat Noe Thu", "မြတ်နိုးသူ"),
    ),
    "MY": (
        _p("Abdullah", "Nurul Aina"),
        _p("Hassan", "Ahmad Faizal"),
        _p("Ismail", "Siti Aishah"),
        _p("Rahman", "Muhammad Hafiz"),
        _p("Tan", "Mei Ling", family_first=True),
        _p("Subramaniam", "Kavitha"),
        _p("Lim", "Wei Jie", family_first=True),
    ),
    "SG": (
        _p("Lim", "Hui Min", family_first=True),
        _p("Goh", "Jun Hao", family_first=True),
        _p("Osman", "Nur Hidayah"),
        _p("Pillai", "Rajesh"),
        _p("Ng", "Shu Fen", family_first=True),
        _p("Koh", "Daniel"),
        _p("Nair", "Priya"),
    ),
    "ID": (
        _p("Santoso", "Budi"),
        _p("Rahmawati", "Siti"),
        _p("Setiawan", "Agus"),
        _p("Kusumawati", "Dewi"),
        _p("Hermawan", "Rudi"),
        _p("Handayani", "Fitri"),
        _p("Wirawan", "Made"),
        _p("Wulandari", "Ratna"),
    ),
    "PH": (
        _p("Santos", "Maria Cristina"),
        _p("Reyes", "Jose Miguel"),
        _p("Cruz", "Ana Liza"),
        _p("Bautista", "Mark Anthony"),
        _p("Garcia", "Kristine Joy"),
        _p("Villanueva", "Ramon"),
        _p("Dela Cruz", "Maricel"),
        _p("Mendoza", "Paolo"),
    ),
    "LK": (
        _gf("Perera", "Kasun", "පෙරේරා", "කසුන්"),
        _gf("Fernando", "Nimali", "ප්‍රනාන්දු", "නිමාලි"),
        _gf("Jayasuriya", "Chaminda", "ජයසූරිය", "චමින්ද"),
        _gf("Wickramasinghe", "Dilani", "වික්‍රමසිංහ", "දිලානි"),
        _gf("Bandara", "Ruwan", "බණ්ඩාර", "රුවන්"),
        _gf("Gunawardena", "Sanduni", "ගුණවර්ධන", "සඳුනි"),
        _gf("Sivakumar", "Tharshini", "சிவகுமார்", "தர்ஷினி"),
        _gf("Shanmugam", "Kannan", "சண்முகம்", "கண்ணன்"),
    ),
    "IN": (
        _gf("Sharma", "Rahul", "शर्मा", "राहुल"),
        _gf("Verma", "Priya", "वर्मा", "प्रिया"),
        _gf("Patel", "Amit", "પટેલ", "અમિત"),
        _gf("Kulkarni", "Sneha", "कुलकर्णी", "स्नेहा"),
        _gf("Iyer", "Vikram", "ஐயர்", "விக்ரம்"),
        _gf("Das", "Ananya", "দাস", "অনন্যা"),
        _gf("Joshi", "Kavita", "जोशी", "कविता"),
        _gf("Gupta", "Sanjay", "गुप्ता", "संजय"),
    ),
    "NP": (
        _gf("Shrestha", "Sita", "श्रेष्ठ", "सीता"),
        _gf("Thapa", "Ram Bahadur", "थापा", "राम बहादुर"),
        _gf("Gurung", "Anita", "गुरुङ", "अनिता"),
        _gf("Adhikari", "Bikash", "अधिकारी", "विकास"),
        _gf("Maharjan", "Sunita", "महर्जन", "सुनिता"),
        _gf("Tamang", "Prakash", "तामाङ", "प्रकाश"),
        _gf("Karki", "Rojina", "कार्की", "रोजिना"),
    ),
    "BD": (
        _gf("Rahman", "Farhana", "রহমান", "ফারহানা"),
        _gf("Ahmed", "Tanvir", "আহমেদ", "তানভীর"),
        _gf("Jahan", "Nusrat", "জাহান", "নুসরাত"),
        _gf("Hasan", "Mahmudul", "হাসান", "মাহমুদুল"),
        _gf("Akter", "Shirin", "আক্তার", "শিরিন"),
        _gf("Hossain", "Arif", "হোসেন", "আরিফ"),
        _gf("Islam", "Sumaiya", "ইসলাম", "সুমাইয়া"),
    ),
    "PK": (
        _gf("Khan", "Ayesha", "خان", "عائشہ"),
        _gf("Qureshi", "Imran", "قریشی", "عمران"),
        _gf("Malik", "Sana", "ملک", "ثناء"),
        _gf("Ahmed", "Bilal", "احمد", "بلال"),
        _gf("Siddiqui", "Fatima", "صدیقی", "فاطمہ"),
        _gf("Chaudhry", "Usman", "چوہدری", "عثمان"),
        _gf("Hussain", "Zainab", "حسین", "زینب"),
    ),
    # Bhutanese names have no surname; the second name stands in for it.
    "BT": (
        _gf("Wangdi", "Karma", "དབང་འདུས", "ཀརྨ"),
        _gf("Choden", "Pema", "ཆོས་སྒྲོན", "པདྨ"),
        _gf("Tshering", "Sonam", "ཚེ་རིང", "བསོད་ནམས"),
        _gf("Wangmo", "Dechen", "དབང་མོ", "བདེ་ཆེན"),
        _gf("Dorji", "Tashi", "རྡོ་རྗེ", "བཀྲ་ཤིས"),
        _gf("Yangzom", "Kinley", "དབྱངས་འཛོམས", "ཀུན་ལེགས"),
        _gf("Tenzin", "Ugyen", "བསྟན་འཛིན", "ཨོ་རྒྱན"),
    ),
    # Maldivian names have no surname either; the second name stands in for it.
    "MV": (
        _gf("Hassan", "Aishath", "ހަސަން", "އައިޝަތު"),
        _gf("Rasheed", "Mohamed", "ރަޝީދު", "މުހައްމަދު"),
        _gf("Naseem", "Fathimath", "ނަސީމް", "ފާތިމަތު"),
        _gf("Shareef", "Ibrahim", "ޝަރީފް", "އިބްރާހީމް"),
        _gf("Zahir", "Mariyam", "ޒާހިރު", "މަރިޔަމް"),
        _gf("Hussain", "Ahmed", "ހުސައިން", "އަހުމަދު"),
        _gf("Ali", "Hawwa", "ޢަލީ", "ހައްވާ"),
    ),
    "AU": (
        _p("Mitchell", "Sarah"),
        _p("O'Brien", "James"),
        _p("Nguyen", "Emily"),
        _p("Thompson", "Liam"),
        _p("Chen", "Olivia"),
        _p("Walker", "Daniel"),
        _p("Taylor", "Jessica"),
        _p("Kelly", "Mark"),
    ),
    "NZ": (
        _p("Parata", "Aroha"),
        _p("Tipene", "Wiremu"),
        _p("Williams", "Sophie"),
        _p("Clarke", "Benjamin"),
        _p("Tāwhai", "Ngaire"),
        _p("MacDonald", "Hamish"),
        _p("Singh", "Priya"),
    ),
    "FJ": (
        _p("Naivalu", "Josefa"),
        _p("Waqanivalu", "Litia"),
        _p("Koroi", "Vilimone"),
        _p("Tabua", "Salote"),
        _p("Prasad", "Anjali"),
        _p("Chand", "Ravin"),
        _p("Ravouvou", "Apisai"),
    ),
    "PG": (
        _p("Kila", "Grace"),
        _p("Kaupa", "John"),
        _p("Tovue", "Ruth"),
        _p("Aopi", "Michael"),
        _p("Gere", "Esther"),
        _p("Kuman", "Joseph"),
    ),
    "FR": (
        _p("Rousseau", "Élodie"),
        _p("Moreau", "Julien"),
        _p("Lefèvre", "Camille"),
        _p("Girard", "Théo"),
        _p("Dubois", "Manon"),
        _p("Mercier", "Étienne"),
        _p("Fontaine", "Chloé"),
        _p("Garnier", "Nicolas"),
    ),
    "ES": (
        _p("Puig", "Jordi"),
        _p("Vila", "Montserrat"),
        _p("Ferrer", "Núria"),
        _p("Soler", "Marc"),
        _p("Casals", "Laia"),
        _p("Roca", "Pau"),
        _p("García", "Carmen"),
        _p("Martínez", "Sergio"),
    ),
    "NL": (
        _p("de Vries", "Sanne"),
        _p("Jansen", "Daan"),
        _p("van den Berg", "Lotte"),
        _p("Bakker", "Thijs"),
        _p("Visser", "Femke"),
        _p("Smit", "Ruben"),
        _p("Meijer", "Eva"),
    ),
}

POSITIONS: tuple[str, ...] = (
    "Mayor",
    "Deputy Mayor",
    "Governor",
    "Vice Governor",
    "Councillor",
    "Chairperson of the City Council",
    "Director-General",
    "Deputy Director-General",
    "Director of International Relations",
    "Head of International Relations",
    "Head of Urban Planning",
    "Chief Resilience Officer",
    "Senior Officer",
    "Programme Officer",
    "Policy Adviser",
    "Chief Executive Officer",
    "President",
    "Professor",
    "Senior Research Fellow",
    "Researcher",
)

TITLES: tuple[str, ...] = ("Mr", "Ms", "Dr", "Prof.", "H.E.")
