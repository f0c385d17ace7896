import type { Bi } from './catalog.ts';

/**
 * Story grammars, one per beat, written in parallel in English and Persian with the same slots so
 * that a story can be told in either language (translations share their facts). Slots:
 * {place} {name} {role} {org} {subject} {n} (hundreds to tens of thousands) {spct} (a small percentage) {k} (a handful to a few
 * dozen) {pct} {day} {country}.
 */
export interface Beat {
  key: string;
  /** Section key per edition (null: the beat has no section in that edition). */
  section: { en: string; fa: string | null };
  tags: string[];
  places: 'iran' | 'region' | 'world';
  roles: Bi[];
  orgs: Bi[];
  subjects: Bi[];
  headlines: Bi[];
  standfirsts: Bi[];
  facts: Bi[];
  subheads: Bi[];
  quotes: Bi[];
  opinion?: boolean;
}

export const PEOPLE: Bi[] = [
  { en: 'Kaveh Sadri', fa: 'کاوه صدری' },
  { en: 'Mina Ghorbani', fa: 'مینا قربانی' },
  { en: 'Hossein Bahrami', fa: 'حسین بهرامی' },
  { en: 'Zahra Amini', fa: 'زهرا امینی' },
  { en: 'Farid Nazari', fa: 'فرید نظری' },
  { en: 'Roya Karimzadeh', fa: 'رویا کریم‌زاده' },
  { en: 'Majid Hashemi', fa: 'مجید هاشمی' },
  { en: 'Shadi Parvizi', fa: 'شادی پرویزی' },
  { en: 'Behrouz Ansari', fa: 'بهروز انصاری' },
  { en: 'Golnaz Rahmani', fa: 'گلناز رحمانی' },
  { en: 'Samir Khalil', fa: 'سمیر خلیل' },
  { en: 'Yasmin Al-Amin', fa: 'یاسمین الامین' },
  { en: 'Marta Kowalska', fa: 'مارتا کوالسکا' },
  { en: 'Peter Lindqvist', fa: 'پیتر لیندکویست' },
  { en: 'Grace Mwangi', fa: 'گریس موانگی' },
  { en: 'Ahmet Yilmaz', fa: 'احمد ییلماز' },
];

export const PLACES: Record<Beat['places'], Bi[]> = {
  iran: [
    { en: 'Tehran', fa: 'تهران' },
    { en: 'Isfahan', fa: 'اصفهان' },
    { en: 'Tabriz', fa: 'تبریز' },
    { en: 'Mashhad', fa: 'مشهد' },
    { en: 'Shiraz', fa: 'شیراز' },
    { en: 'Ahvaz', fa: 'اهواز' },
    { en: 'Kerman', fa: 'کرمان' },
    { en: 'Rasht', fa: 'رشت' },
    { en: 'Yazd', fa: 'یزد' },
    { en: 'Bandar Abbas', fa: 'بندرعباس' },
  ],
  region: [
    { en: 'Baghdad', fa: 'بغداد' },
    { en: 'Beirut', fa: 'بیروت' },
    { en: 'Doha', fa: 'دوحه' },
    { en: 'Muscat', fa: 'مسقط' },
    { en: 'Amman', fa: 'امان' },
    { en: 'Ankara', fa: 'آنکارا' },
    { en: 'Kabul', fa: 'کابل' },
    { en: 'Erbil', fa: 'اربیل' },
    { en: 'Cairo', fa: 'قاهره' },
  ],
  world: [
    { en: 'Geneva', fa: 'ژنو' },
    { en: 'Vienna', fa: 'وین' },
    { en: 'Brussels', fa: 'بروکسل' },
    { en: 'New York', fa: 'نیویورک' },
    { en: 'Nairobi', fa: 'نایروبی' },
    { en: 'Jakarta', fa: 'جاکارتا' },
    { en: 'Berlin', fa: 'برلین' },
    { en: 'Tokyo', fa: 'توکیو' },
    { en: 'London', fa: 'لندن' },
  ],
};

export const COUNTRIES: Bi[] = [
  { en: 'Iraq', fa: 'عراق' },
  { en: 'Turkey', fa: 'ترکیه' },
  { en: 'Oman', fa: 'عمان' },
  { en: 'Qatar', fa: 'قطر' },
  { en: 'Jordan', fa: 'اردن' },
  { en: 'Lebanon', fa: 'لبنان' },
  { en: 'Afghanistan', fa: 'افغانستان' },
  { en: 'Armenia', fa: 'ارمنستان' },
];

export const DAYS: Bi[] = [
  { en: 'on Monday', fa: 'روز دوشنبه' },
  { en: 'on Tuesday', fa: 'روز سه‌شنبه' },
  { en: 'on Wednesday', fa: 'روز چهارشنبه' },
  { en: 'on Thursday', fa: 'روز پنجشنبه' },
  { en: 'on Friday', fa: 'روز جمعه' },
  { en: 'on Saturday', fa: 'روز شنبه' },
  { en: 'on Sunday', fa: 'روز یکشنبه' },
];

const politics: Beat = {
  key: 'politics',
  section: { en: 'politics', fa: 'iran' },
  tags: ['parliament', 'elections', 'courts', 'human-rights', 'tehran'],
  places: 'iran',
  roles: [
    { en: 'a member of parliament for {place}', fa: 'نماینده {place} در مجلس' },
    { en: 'the government spokeswoman', fa: 'سخنگوی دولت' },
    { en: 'the deputy interior minister', fa: 'معاون وزیر کشور' },
    { en: 'a senior lawyer', fa: 'یک وکیل باسابقه' },
  ],
  orgs: [
    { en: 'parliament', fa: 'مجلس' },
    { en: 'the interior ministry', fa: 'وزارت کشور' },
    { en: 'the election commission', fa: 'ستاد انتخابات' },
    { en: 'the city council', fa: 'شورای شهر' },
  ],
  subjects: [
    { en: 'the electoral law', fa: 'قانون انتخابات' },
    { en: 'press freedom', fa: 'آزادی مطبوعات' },
    { en: 'local councils', fa: 'شوراهای محلی' },
    { en: 'the right to protest', fa: 'حق اعتراض' },
    { en: 'judicial reform', fa: 'اصلاح دستگاه قضایی' },
  ],
  headlines: [
    {
      en: 'Parliament debates changes to {subject} after weeks of pressure',
      fa: 'مجلس پس از هفته‌ها فشار تغییر {subject} را بررسی می‌کند',
    },
    {
      en: 'Lawmakers from {place} walk out over {subject}',
      fa: 'نمایندگان {place} در اعتراض به {subject} جلسه را ترک کردند',
    },
    {
      en: '{org} promises review of {subject} as turnout fears grow',
      fa: 'با نگرانی از مشارکت پایین، {org} وعده بازنگری در {subject} داد',
    },
    {
      en: 'Court ruling on {subject} divides {place} legal community',
      fa: 'حکم دادگاه درباره {subject} جامعه حقوقی {place} را دو دسته کرد',
    },
    {
      en: 'Candidates in {place} register early as campaign season opens',
      fa: 'با آغاز فصل انتخابات، نامزدهای {place} زودتر ثبت‌نام کردند',
    },
    {
      en: 'Government defends record on {subject} in tense session',
      fa: 'دولت در جلسه‌ای پرتنش از کارنامه خود درباره {subject} دفاع کرد',
    },
    {
      en: 'Petition on {subject} gathers {n} signatures in a week',
      fa: 'طومار درباره {subject} در یک هفته {n} امضا جمع کرد',
    },
  ],
  standfirsts: [
    {
      en: 'The proposal would reshape {subject} for the first time in a decade, and critics say it goes too far.',
      fa: 'این طرح برای نخستین بار در یک دهه {subject} را دگرگون می‌کند و منتقدان می‌گویند از حد گذشته است.',
    },
    {
      en: 'Supporters call it overdue; opponents say the timing, months before a vote, is no accident.',
      fa: 'موافقان آن را دیرهنگام می‌دانند و مخالفان می‌گویند زمان‌بندی آن، چند ماه پیش از رأی‌گیری، تصادفی نیست.',
    },
    {
      en: 'The debate in {place} has become a test of how far the government will bend.',
      fa: 'بحث در {place} به آزمونی برای میزان انعطاف دولت تبدیل شده است.',
    },
  ],
  facts: [
    {
      en: 'The bill passed its first reading by {k} votes, a narrower margin than its sponsors had predicted.',
      fa: 'این لایحه در شور نخست با {k} رأی تصویب شد، اختلافی کمتر از آنچه طراحانش پیش‌بینی کرده بودند.',
    },
    {
      en: 'Turnout in {place} at the last local election was {pct}, one of the lowest on record.',
      fa: 'میزان مشارکت در {place} در انتخابات محلی گذشته {pct} بود که از پایین‌ترین ارقام ثبت‌شده است.',
    },
    {
      en: 'Officials at {org} said the changes would be published in full before any final vote.',
      fa: 'مقام‌های {org} گفتند متن کامل تغییرات پیش از رأی نهایی منتشر خواهد شد.',
    },
    {
      en: 'Lawyers who follow the case said it could take months before the ruling is applied.',
      fa: 'وکلایی که این پرونده را دنبال می‌کنند گفتند اجرای این حکم ممکن است ماه‌ها طول بکشد.',
    },
    {
      en: 'At least {n} people attended a public meeting on the issue in {place} {day}.',
      fa: 'دست‌کم {n} نفر {day} در نشستی عمومی درباره این موضوع در {place} شرکت کردند.',
    },
  ],
  subheads: [
    { en: 'What changes', fa: 'چه چیزی تغییر می‌کند' },
    { en: 'A divided chamber', fa: 'مجلسی دو دسته' },
    { en: 'What happens next', fa: 'گام بعدی چیست' },
  ],
  quotes: [
    {
      en: 'We are not asking for favours. We are asking for the law to be applied to everyone in the same way.',
      fa: 'ما لطف نمی‌خواهیم. می‌خواهیم قانون برای همه یکسان اجرا شود.',
    },
    {
      en: 'This is the most important vote this chamber will take this year.',
      fa: 'این مهم‌ترین رأی‌گیری امسال این مجلس است.',
    },
  ],
};

const economy: Beat = {
  key: 'economy',
  section: { en: 'economy', fa: 'economy' },
  tags: ['inflation', 'currency', 'jobs', 'budget', 'housing'],
  places: 'iran',
  roles: [
    { en: 'an economist at the University of {place}', fa: 'اقتصاددان دانشگاه {place}' },
    { en: 'the head of the chamber of commerce', fa: 'رئیس اتاق بازرگانی' },
    { en: 'a shopkeeper in {place}', fa: 'یک مغازه‌دار در {place}' },
    { en: 'a central bank adviser', fa: 'مشاور بانک مرکزی' },
  ],
  orgs: [
    { en: 'the central bank', fa: 'بانک مرکزی' },
    { en: 'the statistics centre', fa: 'مرکز آمار' },
    { en: 'the budget committee', fa: 'کمیسیون بودجه' },
    { en: 'the ministry of labour', fa: 'وزارت کار' },
  ],
  subjects: [
    { en: 'bread prices', fa: 'قیمت نان' },
    { en: 'rents', fa: 'اجاره‌بها' },
    { en: 'fuel costs', fa: 'هزینه سوخت' },
    { en: 'food prices', fa: 'قیمت مواد غذایی' },
    { en: 'medicine prices', fa: 'قیمت دارو' },
    { en: 'import costs', fa: 'هزینه واردات' },
  ],
  headlines: [
    {
      en: 'Inflation reaches {pct} as {subject} climb again',
      fa: 'تورم با افزایش دوباره {subject} به {pct} رسید',
    },
    {
      en: 'Families in {place} cut back as {subject} outpace wages',
      fa: 'خانواده‌های {place} با پیشی گرفتن {subject} از دستمزدها هزینه‌ها را کم کردند',
    },
    { en: '{org} signals new measures on {subject}', fa: '{org} از اقدامات تازه درباره {subject} خبر داد' },
    {
      en: 'Budget plan puts {subject} at the centre of a fraught debate',
      fa: 'لایحه بودجه {subject} را به کانون بحثی پرتنش تبدیل کرد',
    },
    {
      en: 'Why {subject} matter more than ever in {place}',
      fa: 'چرا {subject} در {place} بیش از همیشه اهمیت دارد',
    },
    {
      en: 'Workers in {place} protest over unpaid wages',
      fa: 'کارگران {place} در اعتراض به دستمزدهای پرداخت‌نشده تجمع کردند',
    },
    {
      en: 'Unemployment among graduates rises to {pct}, figures show',
      fa: 'آمارها: بیکاری فارغ‌التحصیلان به {pct} رسید',
    },
  ],
  standfirsts: [
    {
      en: 'Official figures suggest the squeeze on household budgets is far from over.',
      fa: 'آمارهای رسمی نشان می‌دهد فشار بر بودجه خانوارها هنوز پایان نیافته است.',
    },
    {
      en: 'Economists warn that short-term fixes risk storing up problems for next year.',
      fa: 'اقتصاددانان هشدار می‌دهند راه‌حل‌های کوتاه‌مدت مشکلات سال آینده را بیشتر می‌کند.',
    },
    {
      en: 'In {place}, the numbers are felt at every market stall.',
      fa: 'در {place}، این ارقام در هر بازار و دکه‌ای حس می‌شود.',
    },
  ],
  facts: [
    {
      en: 'According to {org}, prices rose {pct} over the past twelve months.',
      fa: 'به گزارش {org}، قیمت‌ها در دوازده ماه گذشته {pct} افزایش یافته است.',
    },
    {
      en: 'A typical family in {place} now spends about {pct} of its income on food.',
      fa: 'یک خانواده معمولی در {place} اکنون حدود {pct} درآمد خود را صرف خوراک می‌کند.',
    },
    {
      en: 'The proposed budget sets aside {k} billion for {subject}, up from last year.',
      fa: 'در لایحه پیشنهادی {k} میلیارد برای {subject} در نظر گرفته شده که از سال گذشته بیشتر است.',
    },
    {
      en: 'Traders in {place} said customers were buying smaller quantities and shopping more often.',
      fa: 'کاسبان {place} گفتند مشتریان مقدار کمتری می‌خرند و بیشتر به بازار سر می‌زنند.',
    },
    {
      en: 'Wages in the public sector rose by {pct} this year, well below inflation.',
      fa: 'دستمزدها در بخش دولتی امسال {pct} افزایش یافت که بسیار کمتر از تورم است.',
    },
  ],
  subheads: [
    { en: 'The numbers', fa: 'ارقام' },
    { en: 'Life at the market', fa: 'زندگی در بازار' },
    { en: 'What the government says', fa: 'دولت چه می‌گوید' },
  ],
  quotes: [
    {
      en: 'Every week I look at the shelves and the prices have moved again. You stop planning.',
      fa: 'هر هفته به قفسه‌ها نگاه می‌کنم و قیمت‌ها باز عوض شده است. دیگر نمی‌شود برنامه‌ریزی کرد.',
    },
    {
      en: 'The problem is not one price. It is that nobody knows what next month will cost.',
      fa: 'مشکل یک قیمت نیست؛ مشکل این است که هیچ‌کس نمی‌داند ماه بعد چقدر هزینه خواهد داشت.',
    },
  ],
};

const society: Beat = {
  key: 'society',
  section: { en: 'society', fa: 'iran' },
  tags: ['water', 'health', 'education', 'women', 'housing', 'transport'],
  places: 'iran',
  roles: [
    { en: 'a teacher in {place}', fa: 'یک معلم در {place}' },
    { en: 'a doctor at a public hospital', fa: 'پزشک یک بیمارستان دولتی' },
    { en: 'the head of the provincial water company', fa: 'مدیرعامل شرکت آب استان' },
    { en: 'a resident of {place}', fa: 'یکی از ساکنان {place}' },
  ],
  orgs: [
    { en: 'the health ministry', fa: 'وزارت بهداشت' },
    { en: 'the education ministry', fa: 'وزارت آموزش و پرورش' },
    { en: 'the municipality', fa: 'شهرداری' },
    { en: 'the provincial water company', fa: 'شرکت آب استان' },
  ],
  subjects: [
    { en: 'water rationing', fa: 'جیره‌بندی آب' },
    { en: 'air pollution', fa: 'آلودگی هوا' },
    { en: 'the shortage of school places', fa: 'کمبود ظرفیت مدارس' },
    { en: 'the wait for hospital beds', fa: 'انتظار برای تخت بیمارستان' },
    { en: 'the metro extension', fa: 'گسترش مترو' },
  ],
  headlines: [
    {
      en: '{place} introduces water rationing as reservoirs fall to {pct}',
      fa: 'جیره‌بندی آب در {place} با رسیدن ذخایر سدها به {pct}',
    },
    {
      en: 'Schools in {place} close again as smog returns',
      fa: 'مدارس {place} با بازگشت آلودگی هوا باز هم تعطیل شد',
    },
    {
      en: 'Residents of {place} say {subject} is changing daily life',
      fa: 'ساکنان {place} می‌گویند {subject} زندگی روزمره را تغییر داده است',
    },
    {
      en: '{org} announces plan to tackle {subject}',
      fa: '{org} برنامه‌ای برای مقابله با {subject} اعلام کرد',
    },
    {
      en: 'Inside the neighbourhood where {subject} never ends',
      fa: 'در محله‌ای که {subject} هرگز تمام نمی‌شود',
    },
    {
      en: 'Women-led groups in {place} fill the gaps left by {org}',
      fa: 'گروه‌های زنان در {place} خلأ کار {org} را پر می‌کنند',
    },
    {
      en: 'New figures show {n} families affected by {subject}',
      fa: 'آمار تازه: {n} خانواده تحت تأثیر {subject}',
    },
  ],
  standfirsts: [
    {
      en: 'Officials say the measures are temporary. Residents are not so sure.',
      fa: 'مقام‌ها می‌گویند این اقدامات موقت است. ساکنان چندان مطمئن نیستند.',
    },
    {
      en: 'For families in {place}, the problem has moved from the news to the kitchen table.',
      fa: 'برای خانواده‌های {place}، این مشکل از خبرها به سفره خانه رسیده است.',
    },
    {
      en: 'Experts say the crisis was years in the making.',
      fa: 'کارشناسان می‌گویند این بحران حاصل سال‌ها بی‌توجهی است.',
    },
  ],
  facts: [
    {
      en: '{org} said about {n} households in {place} had been affected so far.',
      fa: '{org} اعلام کرد تاکنون حدود {n} خانوار در {place} تحت تأثیر قرار گرفته‌اند.',
    },
    {
      en: 'Reservoirs serving {place} are at {pct} of capacity, according to the latest readings.',
      fa: 'بر اساس آخرین اندازه‌گیری‌ها، سدهای تأمین‌کننده آب {place} {pct} ظرفیت دارند.',
    },
    {
      en: 'Doctors in {place} reported a rise in breathing problems among children and older people.',
      fa: 'پزشکان {place} از افزایش مشکلات تنفسی در کودکان و سالمندان خبر دادند.',
    },
    {
      en: 'Parents said the closures had left many children without lessons for {k} days this term.',
      fa: 'والدین گفتند این تعطیلی‌ها بسیاری از کودکان را در این نیم‌سال {k} روز از درس محروم کرده است.',
    },
    {
      en: 'The municipality said work would resume once funding is approved.',
      fa: 'شهرداری اعلام کرد کار پس از تصویب بودجه از سر گرفته می‌شود.',
    },
  ],
  subheads: [
    { en: 'Life on the ground', fa: 'زندگی در میدان' },
    { en: 'Years in the making', fa: 'حاصل سال‌ها' },
    { en: 'What residents want', fa: 'ساکنان چه می‌خواهند' },
  ],
  quotes: [
    {
      en: 'We fill every bottle we have at night, because by the morning the taps are dry.',
      fa: 'شب‌ها هر بطری که داریم پر می‌کنیم، چون صبح شیرها خشک است.',
    },
    {
      en: 'We have been promised a solution every summer for ten years.',
      fa: 'ده سال است که هر تابستان به ما وعده راه‌حل می‌دهند.',
    },
  ],
};

const middleEast: Beat = {
  key: 'middle-east',
  section: { en: 'middle-east', fa: 'middle-east' },
  tags: ['diplomacy', 'refugees', 'oil', 'trade', 'human-rights'],
  places: 'region',
  roles: [
    { en: 'a regional diplomat', fa: 'یک دیپلمات منطقه‌ای' },
    { en: 'a spokesman for the foreign ministry in {place}', fa: 'سخنگوی وزارت خارجه در {place}' },
    { en: 'an aid worker in {place}', fa: 'یک امدادگر در {place}' },
    { en: 'a professor of international relations', fa: 'استاد روابط بین‌الملل' },
  ],
  orgs: [
    { en: 'the UN refugee agency', fa: 'کمیساریای عالی پناهندگان سازمان ملل' },
    { en: 'the Arab League', fa: 'اتحادیه عرب' },
    { en: 'regional foreign ministers', fa: 'وزیران خارجه منطقه' },
  ],
  subjects: [
    { en: 'border crossings', fa: 'گذرگاه‌های مرزی' },
    { en: 'a prisoner exchange', fa: 'تبادل زندانیان' },
    { en: 'water sharing', fa: 'تقسیم آب' },
    { en: 'shipping in the Gulf', fa: 'کشتیرانی در خلیج فارس' },
    { en: 'reconstruction', fa: 'بازسازی' },
  ],
  headlines: [
    {
      en: 'Talks in {place} on {subject} end without a deal',
      fa: 'گفت‌وگوها در {place} درباره {subject} بی‌نتیجه پایان یافت',
    },
    {
      en: '{country} and its neighbours agree framework on {subject}',
      fa: '{country} و همسایگانش بر سر چارچوب {subject} توافق کردند',
    },
    {
      en: 'Aid groups warn of shortages as talks on {subject} stall',
      fa: 'گروه‌های امدادی با توقف گفت‌وگوهای {subject} درباره کمبودها هشدار دادند',
    },
    {
      en: 'Mediators shuttle between capitals over {subject}',
      fa: 'میانجی‌ها برای {subject} میان پایتخت‌ها رفت‌وآمد می‌کنند',
    },
    {
      en: 'In {place}, hopes rise and fall with {subject}',
      fa: 'در {place}، امیدها با {subject} بالا و پایین می‌رود',
    },
    {
      en: '{org} calls emergency meeting on {subject}',
      fa: '{org} نشست اضطراری درباره {subject} برگزار می‌کند',
    },
  ],
  standfirsts: [
    {
      en: 'Diplomats describe the mood as cautious, with much still unresolved.',
      fa: 'دیپلمات‌ها فضا را محتاطانه توصیف می‌کنند و بسیاری از مسائل هنوز حل‌نشده است.',
    },
    {
      en: 'The outcome could shape relations across the region for years.',
      fa: 'نتیجه این روند می‌تواند روابط منطقه را برای سال‌ها شکل دهد.',
    },
    {
      en: 'For people in {place}, the stakes are immediate.',
      fa: 'برای مردم {place}، پیامدها فوری و ملموس است.',
    },
  ],
  facts: [
    {
      en: 'Delegations from {k} countries took part in the talks in {place}.',
      fa: 'هیئت‌هایی از {k} کشور در گفت‌وگوهای {place} شرکت کردند.',
    },
    {
      en: '{org} estimates that {n} people crossed the border in the past month.',
      fa: '{org} برآورد می‌کند در ماه گذشته {n} نفر از مرز عبور کرده‌اند.',
    },
    {
      en: 'Officials in {country} said a joint statement could follow within days.',
      fa: 'مقام‌های {country} گفتند بیانیه مشترک ممکن است ظرف چند روز منتشر شود.',
    },
    {
      en: 'Trade through the crossing has fallen by {pct} since the spring.',
      fa: 'تجارت از این گذرگاه از بهار تاکنون {pct} کاهش یافته است.',
    },
  ],
  subheads: [
    { en: 'Behind closed doors', fa: 'پشت درهای بسته' },
    { en: 'The view from {place}', fa: 'از نگاه {place}' },
    { en: 'Sticking points', fa: 'نقاط اختلاف' },
  ],
  quotes: [
    {
      en: 'Nobody left the room happy, which in this part of the world can mean progress.',
      fa: 'هیچ‌کس راضی از جلسه بیرون نرفت، و در این منطقه این گاهی یعنی پیشرفت.',
    },
    {
      en: 'People here cannot wait for another round of talks. They need the crossing open now.',
      fa: 'مردم اینجا نمی‌توانند منتظر دور دیگری از مذاکره بمانند. گذرگاه باید همین حالا باز شود.',
    },
  ],
};

const world: Beat = {
  key: 'world',
  section: { en: 'world', fa: 'world' },
  tags: ['diplomacy', 'sanctions', 'climate', 'refugees', 'energy'],
  places: 'world',
  roles: [
    { en: 'a European official', fa: 'یک مقام اروپایی' },
    { en: 'a UN spokeswoman', fa: 'سخنگوی سازمان ملل' },
    { en: 'a sanctions lawyer in {place}', fa: 'یک وکیل متخصص تحریم در {place}' },
    { en: 'a senior negotiator', fa: 'یک مذاکره‌کننده ارشد' },
  ],
  orgs: [
    { en: 'the UN Security Council', fa: 'شورای امنیت سازمان ملل' },
    { en: 'the European Union', fa: 'اتحادیه اروپا' },
    { en: 'the atomic energy agency', fa: 'آژانس انرژی اتمی' },
    { en: 'the G20', fa: 'گروه بیست' },
  ],
  subjects: [
    { en: 'nuclear inspections', fa: 'بازرسی‌های هسته‌ای' },
    { en: 'sanctions relief', fa: 'کاهش تحریم‌ها' },
    { en: 'climate finance', fa: 'تأمین مالی اقلیمی' },
    { en: 'a ceasefire', fa: 'آتش‌بس' },
    { en: 'visa rules', fa: 'قوانین روادید' },
  ],
  headlines: [
    {
      en: '{org} meets in {place} as talks on {subject} dominate agenda',
      fa: 'نشست {org} در {place} با محوریت {subject}',
    },
    {
      en: 'Envoys in {place} report progress on {subject}',
      fa: 'فرستادگان در {place} از پیشرفت در {subject} خبر دادند',
    },
    {
      en: 'New rules on {subject} take effect, with wide exemptions',
      fa: 'قوانین تازه {subject} با معافیت‌های گسترده اجرایی شد',
    },
    {
      en: 'Why the row over {subject} matters beyond {place}',
      fa: 'چرا مناقشه بر سر {subject} فراتر از {place} اهمیت دارد',
    },
    {
      en: '{org} report raises questions on {subject}',
      fa: 'گزارش {org} پرسش‌هایی درباره {subject} مطرح کرد',
    },
    {
      en: 'Ministers gather in {place} for last-chance talks on {subject}',
      fa: 'وزیران برای آخرین فرصت گفت‌وگو درباره {subject} در {place} گرد آمدند',
    },
  ],
  standfirsts: [
    {
      en: 'The meeting is the first of its kind in {k} years.',
      fa: 'این نخستین نشست از این دست در {k} سال گذشته است.',
    },
    {
      en: 'Officials say details will matter more than headlines.',
      fa: 'مقام‌ها می‌گویند جزئیات از عنوان‌ها مهم‌تر است.',
    },
    {
      en: 'Allies are split on how far to go, and how fast.',
      fa: 'متحدان بر سر اینکه تا کجا و با چه سرعتی پیش بروند اختلاف دارند.',
    },
  ],
  facts: [
    {
      en: 'Diplomats in {place} said a draft text had been circulated to {k} delegations.',
      fa: 'دیپلمات‌ها در {place} گفتند پیش‌نویس متن میان {k} هیئت توزیع شده است.',
    },
    {
      en: 'A report by {org} found compliance had improved by {pct} since last year.',
      fa: 'گزارش {org} نشان داد میزان پایبندی از سال گذشته {pct} بهبود یافته است.',
    },
    {
      en: 'The talks are expected to continue in {place} next week.',
      fa: 'انتظار می‌رود گفت‌وگوها هفته آینده در {place} ادامه یابد.',
    },
    {
      en: 'Several governments have said they will not sign without changes.',
      fa: 'چند دولت گفته‌اند بدون تغییرات امضا نخواهند کرد.',
    },
  ],
  subheads: [
    { en: 'The sticking points', fa: 'نقاط گره' },
    { en: 'Who wants what', fa: 'چه کسی چه می‌خواهد' },
    { en: 'The clock is ticking', fa: 'زمان می‌گذرد' },
  ],
  quotes: [
    { en: 'There is a deal to be had, but not at any price.', fa: 'توافق ممکن است، اما نه به هر قیمتی.' },
    {
      en: 'We have heard good intentions before. This time we need dates and numbers.',
      fa: 'پیش از این هم حسن نیت شنیده‌ایم. این بار تاریخ و عدد می‌خواهیم.',
    },
  ],
};

const business: Beat = {
  key: 'business',
  section: { en: 'business', fa: 'economy' },
  tags: ['oil', 'trade', 'energy', 'startups', 'sanctions'],
  places: 'iran',
  roles: [
    { en: 'the chief executive of a logistics firm in {place}', fa: 'مدیرعامل یک شرکت لجستیک در {place}' },
    { en: 'an energy analyst', fa: 'یک تحلیلگر انرژی' },
    { en: 'a founder of a {place} start-up', fa: 'بنیان‌گذار یک استارتاپ در {place}' },
    { en: 'a trader at the stock exchange', fa: 'یک معامله‌گر بورس' },
  ],
  orgs: [
    { en: 'the stock exchange', fa: 'بورس' },
    { en: 'the oil ministry', fa: 'وزارت نفت' },
    { en: 'the ports authority', fa: 'سازمان بنادر' },
    { en: 'the trade promotion organisation', fa: 'سازمان توسعه تجارت' },
  ],
  subjects: [
    { en: 'oil exports', fa: 'صادرات نفت' },
    { en: 'car sales', fa: 'فروش خودرو' },
    { en: 'steel exports', fa: 'صادرات فولاد' },
    { en: 'online sales', fa: 'فروش اینترنتی' },
    { en: 'container shipments', fa: 'محموله‌های کانتینری' },
  ],
  headlines: [
    { en: '{subject} rise {pct} despite headwinds', fa: '{subject} با وجود موانع {pct} افزایش یافت' },
    {
      en: 'Shares slide as investors weigh {subject}',
      fa: 'سهام با نگرانی سرمایه‌گذاران از {subject} افت کرد',
    },
    {
      en: '{place} firms bet on {subject} to ride out the slowdown',
      fa: 'شرکت‌های {place} برای عبور از رکود روی {subject} حساب باز کرده‌اند',
    },
    {
      en: '{org} unveils plan to double {subject}',
      fa: '{org} برنامه دو برابر کردن {subject} را رونمایی کرد',
    },
    { en: 'Power cuts hit factories in {place}', fa: 'قطع برق کارخانه‌های {place} را متوقف کرد' },
    {
      en: 'The start-ups building a business out of {subject}',
      fa: 'استارتاپ‌هایی که از {subject} کسب‌وکار ساخته‌اند',
    },
  ],
  standfirsts: [
    {
      en: 'Executives say demand is there; the problem is getting paid.',
      fa: 'مدیران می‌گویند تقاضا وجود دارد؛ مشکل دریافت پول است.',
    },
    {
      en: 'The figures beat forecasts, but analysts urge caution.',
      fa: 'ارقام از پیش‌بینی‌ها بهتر بود، اما تحلیلگران به احتیاط توصیه می‌کنند.',
    },
    {
      en: 'In {place}, business owners are learning to plan around uncertainty.',
      fa: 'در {place}، صاحبان کسب‌وکار یاد می‌گیرند با بی‌ثباتی برنامه‌ریزی کنند.',
    },
  ],
  facts: [
    {
      en: 'Figures from {org} show {subject} at their highest level in {k} months.',
      fa: 'آمار {org} نشان می‌دهد {subject} در بالاترین سطح {k} ماه اخیر است.',
    },
    { en: 'The main index closed {spct} lower {day}.', fa: 'شاخص کل {day} با {spct} کاهش بسته شد.' },
    {
      en: 'Factories in {place} reported losing up to {k} hours of production a week to power cuts.',
      fa: 'کارخانه‌های {place} گزارش دادند هفته‌ای تا {k} ساعت تولید به دلیل قطع برق از دست می‌رود.',
    },
    {
      en: 'Analysts expect growth of about {spct} next year if energy supplies hold.',
      fa: 'تحلیلگران در صورت پایداری عرضه انرژی رشدی حدود {spct} برای سال آینده پیش‌بینی می‌کنند.',
    },
  ],
  subheads: [
    { en: 'The bottom line', fa: 'خلاصه حساب' },
    { en: 'Energy trouble', fa: 'دردسر انرژی' },
    { en: 'Looking ahead', fa: 'چشم‌انداز' },
  ],
  quotes: [
    {
      en: 'We have the orders. What we do not have is reliable power and a stable currency.',
      fa: 'سفارش داریم. چیزی که نداریم برق پایدار و ارز باثبات است.',
    },
    {
      en: 'The market is nervous, and nervous markets overreact.',
      fa: 'بازار نگران است و بازار نگران واکنش افراطی نشان می‌دهد.',
    },
  ],
};

const opinion: Beat = {
  key: 'opinion',
  section: { en: 'opinion', fa: 'opinion' },
  tags: ['analysis', 'elections', 'inflation', 'diplomacy', 'water', 'internet'],
  places: 'iran',
  opinion: true,
  roles: [{ en: 'a former minister', fa: 'یک وزیر پیشین' }],
  orgs: [
    { en: 'the government', fa: 'دولت' },
    { en: 'parliament', fa: 'مجلس' },
  ],
  subjects: [
    { en: 'water policy', fa: 'سیاست آب' },
    { en: 'the budget', fa: 'بودجه' },
    { en: 'internet policy', fa: 'سیاست اینترنت' },
    { en: 'regional diplomacy', fa: 'دیپلماسی منطقه‌ای' },
    { en: 'the brain drain', fa: 'مهاجرت نخبگان' },
  ],
  headlines: [
    { en: 'The real cost of getting {subject} wrong', fa: 'هزینه واقعی اشتباه در {subject}' },
    { en: '{subject} needs honesty, not slogans', fa: '{subject} به صداقت نیاز دارد، نه شعار' },
    { en: 'What {place} can teach us about {subject}', fa: 'آنچه {place} درباره {subject} به ما می‌آموزد' },
    { en: 'It is time to rethink {subject}', fa: 'زمان بازنگری در {subject} فرا رسیده است' },
    {
      en: 'Five questions {org} must answer on {subject}',
      fa: 'پنج پرسش درباره {subject} که {org} باید پاسخ دهد',
    },
  ],
  standfirsts: [
    {
      en: 'The debate so far has avoided the hardest question.',
      fa: 'بحث‌ها تاکنون از دشوارترین پرسش طفره رفته است.',
    },
    {
      en: 'We have been here before, and we know how it ends.',
      fa: 'پیش از این هم این راه را رفته‌ایم و می‌دانیم به کجا می‌رسد.',
    },
    {
      en: 'A policy that works on paper is failing in {place}.',
      fa: 'سیاستی که روی کاغذ جواب می‌دهد در {place} شکست خورده است.',
    },
  ],
  facts: [
    {
      en: 'I have spent {k} years watching {org} promise reform and deliver delay.',
      fa: '{k} سال است که می‌بینم {org} وعده اصلاح می‌دهد و تأخیر تحویل می‌دهد.',
    },
    {
      en: 'The numbers are not in dispute: {pct} of the problem was foreseeable.',
      fa: 'ارقام محل بحث نیست: {pct} این مشکل قابل پیش‌بینی بود.',
    },
    {
      en: 'There is a better way, and it starts with publishing the data.',
      fa: 'راه بهتری هست و با انتشار داده‌ها آغاز می‌شود.',
    },
    {
      en: 'Nobody in {place} believes the official explanation any more.',
      fa: 'دیگر هیچ‌کس در {place} توضیح رسمی را باور نمی‌کند.',
    },
    {
      en: 'Critics will say this is unrealistic. The alternative is worse.',
      fa: 'منتقدان خواهند گفت این غیرواقع‌بینانه است. گزینه دیگر بدتر است.',
    },
  ],
  subheads: [
    { en: 'The missing question', fa: 'پرسش غایب' },
    { en: 'A better way', fa: 'راهی بهتر' },
  ],
  quotes: [
    {
      en: 'A country is not a spreadsheet, but it cannot ignore one either.',
      fa: 'کشور جدول محاسباتی نیست، اما نمی‌تواند آن را نادیده بگیرد.',
    },
  ],
};

const culture: Beat = {
  key: 'culture',
  section: { en: 'culture', fa: 'culture' },
  tags: ['film', 'books', 'music', 'heritage'],
  places: 'iran',
  roles: [
    { en: 'the director', fa: 'کارگردان' },
    { en: 'a novelist from {place}', fa: 'رمان‌نویسی از {place}' },
    { en: 'the festival director', fa: 'دبیر جشنواره' },
    { en: 'a curator at the {place} museum', fa: 'متصدی موزه {place}' },
  ],
  orgs: [
    { en: 'the film festival', fa: 'جشنواره فیلم' },
    { en: 'the book fair', fa: 'نمایشگاه کتاب' },
    { en: 'the heritage organisation', fa: 'سازمان میراث فرهنگی' },
  ],
  subjects: [
    { en: 'a debut feature', fa: 'نخستین فیلم بلند' },
    { en: 'a restored caravanserai', fa: 'کاروانسرای مرمت‌شده' },
    { en: 'a new translation of Hafez', fa: 'ترجمه تازه دیوان حافظ' },
    { en: 'an exhibition of women photographers', fa: 'نمایشگاه عکاسان زن' },
    { en: 'a folk music revival', fa: 'احیای موسیقی محلی' },
  ],
  headlines: [
    {
      en: 'Review: {subject} that lingers long after you leave',
      fa: 'نقد: {subject} که مدت‌ها در ذهن می‌ماند',
    },
    { en: 'Crowds in {place} queue for {subject}', fa: 'صف طولانی علاقه‌مندان در {place} برای {subject}' },
    { en: '{org} opens with {subject}', fa: '{org} با {subject} آغاز شد' },
    { en: 'How {subject} found an audience in {place}', fa: '{subject} چگونه در {place} مخاطب پیدا کرد' },
    { en: 'The quiet return of {subject}', fa: 'بازگشت آرام {subject}' },
  ],
  standfirsts: [
    {
      en: 'An unexpected hit that says much about what audiences want now.',
      fa: 'موفقیتی غیرمنتظره که درباره سلیقه امروز مخاطبان بسیار می‌گوید.',
    },
    { en: 'Years in the making, it was worth the wait.', fa: 'سال‌ها طول کشید، اما ارزش انتظار را داشت.' },
    {
      en: 'In {place}, old traditions are finding new voices.',
      fa: 'در {place}، سنت‌های قدیمی صداهای تازه پیدا می‌کنند.',
    },
  ],
  facts: [
    {
      en: 'More than {n} visitors came in the first week, organisers said.',
      fa: 'برگزارکنندگان گفتند در هفته نخست بیش از {n} نفر بازدید کردند.',
    },
    {
      en: 'The work was shot over {k} days in and around {place}.',
      fa: 'این اثر در {k} روز در {place} و اطراف آن فیلم‌برداری شد.',
    },
    {
      en: 'Tickets for the closing night sold out within hours.',
      fa: 'بلیت‌های شب پایانی در چند ساعت به فروش رفت.',
    },
    {
      en: 'Restoration took {k} craftsmen almost three years.',
      fa: 'مرمت آن حدود سه سال کار {k} استادکار را گرفت.',
    },
  ],
  subheads: [
    { en: 'Behind the scenes', fa: 'پشت صحنه' },
    { en: 'An audience waiting', fa: 'مخاطبانی در انتظار' },
  ],
  quotes: [
    {
      en: 'I wanted to make something my grandmother would recognise and my daughter would enjoy.',
      fa: 'می‌خواستم چیزی بسازم که مادربزرگم بشناسد و دخترم از آن لذت ببرد.',
    },
    {
      en: 'Every stone here has a story. Our job is to let it speak.',
      fa: 'هر سنگ اینجا داستانی دارد. کار ما این است که بگذاریم سخن بگوید.',
    },
  ],
};

const scienceTech: Beat = {
  key: 'science-tech',
  section: { en: 'science-tech', fa: 'world' },
  tags: ['internet', 'climate', 'space', 'startups', 'health'],
  places: 'iran',
  roles: [
    { en: 'a researcher at the University of {place}', fa: 'پژوهشگر دانشگاه {place}' },
    { en: 'a software engineer in {place}', fa: 'یک مهندس نرم‌افزار در {place}' },
    { en: 'a climate scientist', fa: 'یک دانشمند اقلیم' },
  ],
  orgs: [
    { en: 'the space agency', fa: 'سازمان فضایی' },
    { en: 'the meteorological organisation', fa: 'سازمان هواشناسی' },
    { en: 'the telecoms regulator', fa: 'سازمان تنظیم مقررات ارتباطات' },
  ],
  subjects: [
    { en: 'mobile internet speeds', fa: 'سرعت اینترنت همراه' },
    { en: 'a weather satellite', fa: 'ماهواره هواشناسی' },
    { en: 'dust storms', fa: 'طوفان‌های گرد و غبار' },
    { en: 'solar power', fa: 'انرژی خورشیدی' },
    { en: 'a locally made vaccine', fa: 'واکسن تولید داخل' },
  ],
  headlines: [
    {
      en: 'Scientists in {place} raise the alarm over {subject}',
      fa: 'دانشمندان {place} درباره {subject} هشدار دادند',
    },
    {
      en: 'New {org} data on {subject} surprises experts',
      fa: 'داده‌های تازه {org} درباره {subject} کارشناسان را شگفت‌زده کرد',
    },
    {
      en: 'Engineers in {place} race to build on {subject}',
      fa: 'مهندسان {place} برای بهره‌گیری از {subject} رقابت می‌کنند',
    },
    {
      en: 'Study of {subject} in {place} points to wider risks',
      fa: 'پژوهش درباره {subject} در {place} از خطرهای گسترده‌تر خبر می‌دهد',
    },
    { en: 'What {subject} means for the next decade', fa: '{subject} برای دهه آینده چه معنایی دارد' },
  ],
  standfirsts: [
    {
      en: 'The findings add to a growing body of evidence.',
      fa: 'این یافته‌ها به شواهد رو به افزایش اضافه می‌شود.',
    },
    {
      en: 'Engineers say the fix is cheap; the politics are not.',
      fa: 'مهندسان می‌گویند راه‌حل ارزان است؛ سیاست آن نه.',
    },
    {
      en: 'Researchers in {place} have been collecting data for {k} years.',
      fa: 'پژوهشگران {place} {k} سال است که داده جمع‌آوری می‌کنند.',
    },
  ],
  facts: [
    {
      en: 'The study followed {n} participants in {place} over two years.',
      fa: 'این پژوهش {n} شرکت‌کننده را در {place} به مدت دو سال دنبال کرد.',
    },
    {
      en: 'Average speeds fell by {pct} during peak hours, measurements show.',
      fa: 'اندازه‌گیری‌ها نشان می‌دهد سرعت میانگین در ساعات اوج {pct} کاهش یافت.',
    },
    {
      en: '{org} said the data would be made available to other researchers.',
      fa: '{org} اعلام کرد داده‌ها در اختیار پژوهشگران دیگر قرار می‌گیرد.',
    },
    {
      en: 'Installed capacity has grown to {n} megawatts, still a small share of demand.',
      fa: 'ظرفیت نصب‌شده به {n} مگاوات رسیده که هنوز سهم کوچکی از تقاضاست.',
    },
  ],
  subheads: [
    { en: 'The method', fa: 'روش کار' },
    { en: 'Why it matters', fa: 'چرا مهم است' },
  ],
  quotes: [
    {
      en: 'The data are clear. What we do with them is a different question.',
      fa: 'داده‌ها روشن است. اینکه با آنها چه کنیم پرسش دیگری است.',
    },
    {
      en: 'We build for the network we have, not the one we were promised.',
      fa: 'ما برای شبکه‌ای که داریم می‌سازیم، نه شبکه‌ای که وعده‌اش را داده‌اند.',
    },
  ],
};

export const BEATS: Beat[] = [
  politics,
  economy,
  society,
  middleEast,
  world,
  business,
  opinion,
  culture,
  scienceTech,
];

/** Sentences any story can use, after its own facts. */
export const CONTEXT: Bi[] = [
  {
    en: 'The issue has been building for months, with officials repeatedly promising action.',
    fa: 'این موضوع ماه‌هاست که در حال شکل‌گیری است و مقام‌ها بارها وعده اقدام داده‌اند.',
  },
  {
    en: 'Similar measures were tried in {place} several years ago, with mixed results.',
    fa: 'اقدامات مشابهی چند سال پیش در {place} آزموده شد و نتایج متفاوتی داشت.',
  },
  {
    en: 'Independent figures are hard to come by, and official ones are often revised.',
    fa: 'ارقام مستقل به سختی به دست می‌آید و آمار رسمی اغلب اصلاح می‌شود.',
  },
  {
    en: 'The debate has spilled onto social media, where it has drawn thousands of comments.',
    fa: 'این بحث به شبکه‌های اجتماعی کشیده شده و هزاران نظر را برانگیخته است.',
  },
  {
    en: 'Critics argue that the underlying causes have been ignored for too long.',
    fa: 'منتقدان می‌گویند علت‌های اصلی مدت‌ها نادیده گرفته شده است.',
  },
  {
    en: 'Supporters of the plan say it is the most realistic option available.',
    fa: 'حامیان این طرح می‌گویند واقع‌بینانه‌ترین گزینه موجود است.',
  },
];

export const REACTIONS: Bi[] = [
  {
    en: '{name}, {role}, said the decision had come too late for many.',
    fa: '{name}، {role}، گفت این تصمیم برای بسیاری دیر گرفته شد.',
  },
  {
    en: '{name}, {role}, welcomed the move but called for more detail.',
    fa: '{name}، {role}، از این اقدام استقبال کرد اما خواستار جزئیات بیشتر شد.',
  },
  {
    en: '"We will judge them by what they do," said {name}, {role}.',
    fa: '{name}، {role}، گفت: «آنها را با عملکردشان می‌سنجیم.»',
  },
  {
    en: '{name}, {role}, warned that the costs would fall on those least able to bear them.',
    fa: '{name}، {role}، هشدار داد که هزینه‌ها بر دوش کسانی می‌افتد که کمترین توان را دارند.',
  },
];

export const OUTLOOK: Bi[] = [
  { en: 'A decision is expected within weeks.', fa: 'انتظار می‌رود ظرف چند هفته تصمیم‌گیری شود.' },
  {
    en: 'Further talks are planned for next month.',
    fa: 'گفت‌وگوهای بیشتری برای ماه آینده برنامه‌ریزی شده است.',
  },
  {
    en: 'Officials said they would publish an update by the end of the season.',
    fa: 'مقام‌ها گفتند تا پایان فصل گزارش تازه‌ای منتشر می‌کنند.',
  },
  {
    en: 'For now, many say they are waiting to see what changes in practice.',
    fa: 'فعلاً بسیاری می‌گویند منتظرند ببینند در عمل چه تغییری رخ می‌دهد.',
  },
];

export const UPDATE_NOTES: Bi[] = [
  {
    en: 'This article was updated with comment from {org}.',
    fa: 'این گزارش با اظهارات {org} به‌روزرسانی شد.',
  },
  { en: 'This article was updated with the latest figures.', fa: 'این گزارش با آخرین ارقام به‌روزرسانی شد.' },
];

export const CORRECTION_NOTES: Bi[] = [
  {
    en: 'An earlier version of this article misstated the number of people affected. It has been corrected.',
    fa: 'در نسخه پیشین این گزارش شمار افراد آسیب‌دیده نادرست ذکر شده بود که اصلاح شد.',
  },
  {
    en: 'An earlier version of this article gave the wrong title for {name}. This has been corrected.',
    fa: 'در نسخه پیشین این گزارش سمت {name} نادرست آمده بود که اصلاح شد.',
  },
];
