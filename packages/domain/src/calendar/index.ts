export { BUILT_IN_YEARS, type Calendar, createCalendar, type DayInfo, nextWorkingDay } from './calendar'
export { CalendarYear } from './schema'
