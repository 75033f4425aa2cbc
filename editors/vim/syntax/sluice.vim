" Vim syntax file
" Language:	Sluice deal files (*.deal)
" Keywords:	compiler/syntax/grammar.hpp (tests/editors and tests/unit/vocabulary_editors_test.cpp check them)
"
" Most words are Vim keywords. The words whose role depends on where they
" stand are matches with context instead: a setting word only before a value
" of its shape, `draw` as a declaration only before `NAME =`, `size` only after
" `jumps poisson(...)`, and `target`, `slippage` and `liquidate`, which are
" also property names. (A Vim keyword always beats a match that starts at the
" same column, so these cannot be keywords.)

if exists("b:current_syntax")
  finish
endif
let s:cpo_save = &cpo
set cpo&vim

syn case match
syn iskeyword @,48-57,_

" ---- expressions -------------------------------------------------------------
" Operators first: the comment items defined later win at `//` and `/*`.
syn match   sluiceOperator	"<=\|>=\|==\|!=\|[-+*/<>=]"
syn match   sluiceDelimiter	"[,:]"

" A number: digits (`_` between them), fraction, exponent, then a scale
" (k, m, bn) and a suffix (%, bp, x), or, after blanks on the same line, a
" unit. The pattern with a suffix is defined last so that it wins.
syn match   sluiceNumber	"\<\d\%(\d\|_\d\@=\)*\%(\.\d\+\)\=\%([eE][-+]\=\d\+\)\=\%(\%(bn\|k\|m\)\>\)\=" nextgroup=sluiceUnit skipwhite contains=sluiceNumberSuffix
syn match   sluiceNumber	"\<\d\%(\d\|_\d\@=\)*\%(\.\d\+\)\=\%([eE][-+]\=\d\+\)\=\%(\%(bn\|k\|m\)\>\)\=\%(%\|\%(bp\|x\)\>\)" contains=sluiceNumberSuffix
syn match   sluiceNumberSuffix	contained "\%(\d\|bn\|k\|m\)\@<=\%(bn\|k\|m\|%\|bp\|x\)\>\="
syn match   sluiceDate		"\<\d\{4}-\d\d-\d\d\>"

" The unit after a number (`30_000 USD/gpu/h`), as the parser reads it: the
" first word unless it is a reserved word or is followed by `.` or `(`; then
" words after `/` or `*`. `skipwhite` keeps it on the number's line.
syn match   sluiceUnit		contained "\%(\<\%(deal\|import\|unit\|template\|curve\|holidays\|table\|param\|let\|test\|market\|draw\|factor\|correlate\|jumps\|fleet\|lease\|holding\|loan\|receivables\|expense\|tranche\|convertible\|fee\|account\|facility\|hedge\|equity\|trigger\|waterfall\|report\|use\|as\|on\|cure\|for\|per\|if\|then\|else\|and\|or\|not\|true\|false\|pay\|fill\|sweep\|liquidate\|convert\|to\|up\|in\|full\|scheduled\|residual\|pro_rata\|sculpted\|level\|linear\|bullet\|pass_through\|capitalize\|carry\|orderly\|excess\|over\|hazard\|recovery\|copula\|cap\|floor\|slippage\|schedule\|when\|target\)\>\)\@!\<\h\w*\>[.(]\@!\%([/*]\h\w*\>[.(]\@!\)*"
syn keyword sluicePer		per nextgroup=sluiceUnit skipwhite

syn keyword sluiceBoolean	true false
syn keyword sluiceConditional	if then else
syn keyword sluiceLogical	and or not
syn keyword sluiceStep		pay fill sweep convert steps
syn match   sluiceStep		"\<liquidate\>"
syn match   sluiceStep		"\<draw\>"
syn keyword sluiceStepWord	in full up to scheduled residual pro_rata
syn keyword sluiceKeyword	when cure for jumps
" A named stress and its lines (`gpu_rate falls 50% over 24 months`,
" `set advance = 55%`, `default anchor at 18 months`, `default anchor never`,
" `loans prepayment cpr(20%)`).
syn match   sluiceKeyword	"^\s*\zs\<stress\>"
syn match   sluiceKeyword	"\<\%(falls\|rises\)\>"
syn match   sluiceKeyword	"^\s*\zsset\ze\s\+\h\w*\s*="
syn match   sluiceKeyword	"^\s*\zsdefault\ze\s\+\h\w*\s\+\%(at\|never\)\>"
syn match   sluiceKeyword	"^\s*default\s\+\h\w*\s\+\zs\%(at\|never\)\>"
" A pool's rate in a stress: `loans default cdr(8%)`, `loans prepayment cpr(20%)`.
syn match   sluiceKeyword	"^\s*\h\w*\s\+\zs\%(default\|prepayment\)\ze\s\+\h\w*\s*("
syn match   sluiceKeyword	"\%()\s*\)\@<=\<size\>"
" Phrase words: flags stand alone, leads introduce a value.
syn keyword sluiceFlag		level linear bullet pass_through capitalize carry orderly excess
syn keyword sluiceLead		over hazard recovery copula cap schedule
" `floor(` is the function (sluiceBuiltin); `, floor 1%` the lead word.
syn match   sluiceLead		"\<floor\>\%(\s*(\)\@!"
syn match   sluiceLead		"\<\%(target\|slippage\)\>"
syn match   sluiceLead		"\<sculpted\>\%(\s\+dscr\>\)\="

syn match   sluiceBuiltin	"\<\%(min\|max\|abs\|exp\|log\|sqrt\|round\|floor\|ceil\|mod\|prev\|trailing\|uniform\|normal\|choice\|lognormal\|vasicek\|mean_reverting\|cir\|path\|csv\|poisson\|fire_sale\|paced_sale\|cpr\|smm\|psa\|cdr\|mdr\|sda\)\ze\s*("
syn match   sluiceBuiltinVar	"\.\@1<!\<\%(collections\|year_fraction\|hours\|period_number\|months_elapsed\)\>"
" A member may be any word (`A.target`): starting at the dot, it wins over
" the keywords that start one column later.
syn match   sluiceMember	"\.\h\w*"
syn match   sluiceType		"\%(:\s*\)\@<=\<\%(Money\|Ratio\|Rate\|Quantity\|Duration\|Flow\|Bool\|Date\|Curve\|Text\|Number\|Fleet\|Lease\|Holding\|Loan\|Receivables\|Tranche\|Account\|Factor\|Trigger\|Fee\|Equity\)\>"
syn region  sluiceParens	matchgroup=sluiceDelimiter start="(" end=")" transparent contains=@sluiceExpr

" ---- comments and strings (last: they win where they start) -------------------
syn keyword sluiceTodo		contained TODO FIXME XXX NOTE
syn match   sluiceEscape	contained +\\["\\nt]+
syn match   sluiceEscapeError	contained +\\[^"\\nt]+
syn region  sluiceString	start=+"+ skip=+\\\\\|\\"+ end=+"+ end=+$+ contains=sluiceEscape,sluiceEscapeError
syn match   sluiceLineComment	"//.*$" contains=sluiceTodo,@Spell
syn region  sluiceBlockComment	start="/\*" end="\*/" contains=sluiceTodo,@Spell

syn cluster sluiceExpr contains=sluiceType,sluiceOperator,sluiceDelimiter,sluiceNumber,sluiceDate,sluicePer,sluiceBoolean,sluiceConditional,sluiceLogical,sluiceStepWord,sluiceKeyword,sluiceFlag,sluiceLead,sluiceBuiltin,sluiceBuiltinVar,sluiceMember,sluiceParens,sluiceString,sluiceLineComment,sluiceBlockComment

" ---- declarations --------------------------------------------------------------
syn keyword sluiceImport	import nextgroup=sluiceModule skipwhite
syn match   sluiceModule	contained "\h\w*\%(\.\h\w*\)*"
syn keyword sluiceKeyword	as nextgroup=sluiceDeclName skipwhite
syn keyword sluiceDeclaration	deal market table correlate
syn keyword sluiceDeclaration	unit template curve holidays param let test factor expense fee trigger equity nextgroup=sluiceDeclName skipwhite
syn match   sluiceDeclaration	"\<draw\>\ze\s\+\h\w*\s*==\@!" nextgroup=sluiceDeclName skipwhite
syn keyword sluiceDeclaration	waterfall nextgroup=sluiceWaterfallName skipwhite
syn match   sluiceDeclName	contained "\h\w*"
syn match   sluiceWaterfallName	contained "\<\%(when\>\)\@!\h\w*"

" Declarations whose braces hold properties: the block is a region of its own,
" reached through the name (`tranche A {`), `lease NAME on FLEET {` and
" `use TEMPLATE as ALIAS {`.
syn keyword sluiceDeclaration	fleet holding loan receivables tranche convertible account facility hedge nextgroup=sluiceBlockName skipwhite
syn match   sluiceBlockName	contained "\h\w*" nextgroup=sluicePropBlock skipwhite skipnl skipempty
syn keyword sluiceDeclaration	lease nextgroup=sluiceLeaseName skipwhite
syn match   sluiceLeaseName	contained "\h\w*" nextgroup=sluiceLeaseOn skipwhite
syn keyword sluiceLeaseOn	contained on nextgroup=sluiceLeaseFleet skipwhite
syn match   sluiceLeaseFleet	contained "\h\w*" nextgroup=sluicePropBlock skipwhite skipnl skipempty
syn keyword sluiceUse		use nextgroup=sluiceUseTemplate skipwhite
syn match   sluiceUseTemplate	contained "\h\w*\%(\.\h\w*\)*" nextgroup=sluiceUseAs skipwhite
syn keyword sluiceUseAs		contained as nextgroup=sluiceBlockName skipwhite
syn region  sluicePropBlock	contained transparent matchgroup=sluiceBrace start="{" end="}" contains=@sluiceExpr,sluiceProperty

" A property name opens a line or a block; in a one-line block
" (`{ balance 50m USD  rate 6% }`) it also follows two blanks after a value.
" Defined after the phrase words so that `target` and `slippage` that open a
" line are property names.
syn match   sluiceProperty	contained "\%(\%(^\|{\)\s*\)\@<=\h\w*"
syn match   sluiceProperty	contained "\%([A-Za-z0-9_%)"]\s\{2,}\)\@<=\%(\%(^\|{\)\s*\h\w*\s\+\)\@<!\%(\%(and\|or\|per\|for\|then\|else\)\>\)\@!\h\w*"

syn keyword sluiceDeclaration	report nextgroup=sluiceReportBlock skipwhite skipnl skipempty
syn region  sluiceReportBlock	contained transparent matchgroup=sluiceBrace start="{" end="}" contains=@sluiceExpr,sluiceReportSection
syn keyword sluiceReportSection	contained series metrics probability risk_free

" ---- deal settings -----------------------------------------------------------------
" Not reserved words: each is a setting only before a value of its shape.
syn match   sluiceSetting	"\.\@1<!\<currency\>\%(\s\+\h\)\@=" nextgroup=sluiceUnit skipwhite
syn match   sluiceSetting	"\.\@1<!\<start\>\%(\s\+\d\)\@="
syn match   sluiceSetting	"\.\@1<!\<first_payment\>\%(\s\+\d\)\@="
syn match   sluiceSetting	"\.\@1<!\<\%(cutoff\|settlement\|payment_day\)\>\%(\s\+\d\)\@="
syn match   sluiceSetting	"\.\@1<!\<wal\>\%(\s\+\%(from\|on\)\s\)\@="
syn match   sluiceSetting	"\.\@1<!\<from\>\%(\s\+\%(start\|cutoff\|settlement\)\>\)\@="
" A tape: `lease tape NAME on F from "FILE.csv"`, `loan tape NAME from "FILE.csv"`.
syn match   sluiceDeclaration	"\%(\<\%(lease\|loan\)\s\+\)\@<=\<tape\>\%(\s\+\h\)\@="
syn match   sluiceSetting	"\.\@1<!\<from\>\%(\s\+\"\)\@="
syn match   sluiceSetting	"\.\@1<!\<horizon\>\%(\s\+[-(0-9A-Za-z_]\)\@="
syn match   sluiceSetting	"\.\@1<!\<period\>\%(\s\+\h\)\@=" nextgroup=sluicePeriodKind,sluiceBadPeriod skipwhite
syn keyword sluicePeriodKind	contained monthly quarterly semiannual annual
syn match   sluiceBadPeriod	contained "\h\w*"
syn match   sluiceSetting	"\.\@1<!\<day_count\>" nextgroup=sluiceDayCount skipwhite
syn match   sluiceDayCount	contained "\c\w\+/\w\+\%(\s\+\%(isda\|us\|bond\s\+basis\|fixed\)\>\)\="
syn match   sluiceSetting	"\.\@1<!\<calendar\>" nextgroup=sluiceWeekdays,sluiceCalendar skipwhite
syn keyword sluiceWeekdays	contained weekdays nextgroup=sluiceBusinessDay skipwhite
syn match   sluiceCalendar	contained "\h\w*\%(\.\h\w*\)*" nextgroup=sluiceBusinessDay skipwhite
syn keyword sluiceBusinessDay	contained modified_following following preceding unadjusted

" Blocks and comments span lines, and deal files are small: parse from the top.
syn sync fromstart

" ---- colours -----------------------------------------------------------------------
hi def link sluiceLineComment	Comment
hi def link sluiceBlockComment	Comment
hi def link sluiceTodo		Todo
hi def link sluiceString	String
hi def link sluiceEscape	SpecialChar
hi def link sluiceEscapeError	Error
hi def link sluiceNumber	Number
hi def link sluiceNumberSuffix	Type
hi def link sluiceUnit		Type
hi def link sluiceDate		Constant
hi def link sluiceImport	Include
hi def link sluiceDeclaration	Structure
hi def link sluiceUse		Structure
hi def link sluiceDeclName	Function
hi def link sluiceBlockName	Function
hi def link sluiceLeaseName	Function
hi def link sluiceWaterfallName	Function
hi def link sluiceLeaseOn	Keyword
hi def link sluiceUseAs		Keyword
hi def link sluiceProperty	Identifier
hi def link sluiceSetting	PreProc
hi def link sluicePeriodKind	Constant
hi def link sluiceBadPeriod	Error
hi def link sluiceDayCount	Constant
hi def link sluiceWeekdays	Constant
hi def link sluiceBusinessDay	Constant
hi def link sluiceStep		Statement
hi def link sluiceConditional	Conditional
hi def link sluiceStepWord	Keyword
hi def link sluiceKeyword	Keyword
hi def link sluiceReportSection	Keyword
hi def link sluiceFlag		Constant
hi def link sluiceLead		Keyword
hi def link sluiceLogical	Operator
hi def link sluicePer		Operator
hi def link sluiceOperator	Operator
hi def link sluiceBoolean	Boolean
hi def link sluiceBuiltin	Function
hi def link sluiceBuiltinVar	Special
hi def link sluiceType		Type
hi def link sluiceBrace		Delimiter
hi def link sluiceDelimiter	Delimiter

let b:current_syntax = "sluice"
let &cpo = s:cpo_save
unlet s:cpo_save
