import { normalizeForMatch } from '../../domain/persian-text.ts';

/**
 * Function words that carry no topic. Listed after normalisation (normalizeForMatch): Persian
 * entries use Persian yeh/keheh and no ZWNJ, exactly as tokens arrive.
 */
export const ENGLISH_STOPWORDS = new Set(
  `a about above after again against all also am an and any are aren as at be because been before being below
between both but by can could did didn do does doesn doing don down during each few for from further had hadn has
hasn have haven having he her here hers herself him himself his how i if in into is isn it its itself just ll me
might more most must my myself no nor not now of off on once only or other our ours ourselves out over own re
same she should so some such than that the their theirs them themselves then there these they this those through
to too under until up very was wasn we were weren what when where which while who whom why will with won would
you your yours yourself yourselves said says say one two three new also would could may might year years told
last first like get got make made many much even still since per via mr mrs ms dr`.split(/\s+/),
);

export const PERSIAN_STOPWORDS = new Set(
  `و در به از که این را با است برای آن یک تا هم خود بر می شد شده شود کرد کرده کند کنند نیز بود باشد دارد
های ها ای اند وی او ما شما آنها ایشان اینکه آنکه چه چون اما یا اگر هر همه هیچ دیگر بین پس پیش روی زیر
سوی نزد بی بدون مورد طی ضمن توسط داد داده دهد گفت گفته گوید عنوان گونه چنین چنان همین همان آنجا اینجا
کرده‌اند کردند شدند شوند بودند باشند است‌ هست نیست نبود بوده خواهد خواهند میشود میکند میکنند میشوند
شده‌است کرده‌است اظهار داشت افزود ادامه بیان کرد تصریح تاکید عنوان همچنین ولی لذا زیرا البته تنها
حال سال ماه روز امروز دیروز فردا اکنون هنوز باید نباید میتوان توان نمی نمیشود حتی قبل بعد چند برخی
بسیار خیلی کم زیاد اول دوم سوم یکی دو سه چهار پنج شش هفت هشت نه ده صد هزار میلیون میلیارد درصد
به‌گزارش گزارش خبرگزاری نقل قول براساس اساس درباره دربارهٔ طریق جهت منظور سوی`
    .split(/\s+/)
    .map(normalizeForMatch),
);
