" Checks of editors/vim, run by vim_syntax_test.sh in a headless Vim that has
" editors/vim on its runtimepath. Each check finds a pattern (searching on
" from the previous check; `\zs` marks the column) and compares the syntax
" group there. Failures are written to the file named by $SLUICE_VIM_RESULT.

let s:failures = []
let s:root = $SLUICE_ROOT

function s:Open(path) abort
  execute 'edit ' . fnameescape(s:root . '/' . a:path)
  let s:file = a:path
  let s:next = [1, 1]
endfunction

function s:Fail(msg) abort
  call add(s:failures, s:file . ': ' . a:msg)
endfunction

function s:Check(pattern, group) abort
  call cursor(s:next)
  let pos = searchpos(a:pattern, 'cW')
  if pos == [0, 0]
    call s:Fail(printf('no match for %s after line %d', string(a:pattern), s:next[0]))
    return
  endif
  let s:next = [pos[0], pos[1] + 1]
  " NONE: no syntax group (plain text, or only a transparent region).
  let got = synIDattr(synID(pos[0], pos[1], 1), 'name')
  let got = got ==# '' ? 'NONE' : got
  if got !=# a:group
    let word = matchstr(getline(pos[0]), '\%' . pos[1] . 'c\S*')
    call s:Fail(printf('line %d column %d (%s): expected %s, got %s', pos[0], pos[1], word, a:group, got))
  endif
endfunction

" Strips a file's indentation, re-indents it with =, and compares.
function s:CheckIndent(path) abort
  call s:Open(a:path)
  let want = getline(1, '$')
  silent %s/^\s\+//e
  silent normal! gg=G
  let got = getline(1, '$')
  for i in range(len(want))
    if got[i] !=# want[i]
      call s:Fail(printf('re-indented line %d is %s, expected %s', i + 1, string(got[i]), string(want[i])))
      return
    endif
  endfor
  silent edit!
endfunction

" ---- detection and settings -----------------------------------------------------
call s:Open('tests/editors/grammar/gpu_lease_abs.deal')
if &filetype !=# 'sluice'
  call s:Fail('filetype is ' . string(&filetype) . ', expected sluice')
endif
if &commentstring !=# '// %s'
  call s:Fail('commentstring is ' . string(&commentstring))
endif
if &shiftwidth != 2 || !&expandtab || &indentexpr !~# 'GetSluiceIndent'
  call s:Fail('indent settings: shiftwidth=' . &shiftwidth . ' expandtab=' . &expandtab . ' indentexpr=' . &indentexpr)
endif

" ---- syntax: the flagship example ------------------------------------------------------
call s:Check('^\zs// GPU lease-backed', 'sluiceLineComment')
call s:Check('\zsimport std', 'sluiceImport')
call s:Check('import \zsstd\.gpu', 'sluiceModule')
call s:Check('\zsdeal "', 'sluiceDeclaration')
call s:Check('deal \zs"GPU Fleet', 'sluiceString')
call s:Check('"GPU Fleet ABS \zs2025-1', 'sluiceString')
call s:Check('\zscurrency  USD', 'sluiceSetting')
call s:Check('currency  \zsUSD', 'sluiceUnit')
call s:Check('\zsstart     2025', 'sluiceSetting')
call s:Check('start     \zs2025-03-31', 'sluiceDate')
call s:Check('\zsperiod    monthly', 'sluiceSetting')
call s:Check('period    \zsmonthly', 'sluicePeriodKind')
call s:Check('horizon   \zs84', 'sluiceNumber')
call s:Check('horizon   84 \zsmonths', 'sluiceUnit')
call s:Check('day_count \zs30/360', 'sluiceDayCount')
call s:Check('\zsunit gpu', 'sluiceDeclaration')
call s:Check('unit \zsgpu', 'sluiceDeclName')
call s:Check('\zsparam fleet_size', 'sluiceDeclaration')
call s:Check('param \zsfleet_size', 'sluiceDeclName')
call s:Check('fleet_size = \zs10_000 gpu', 'sluiceNumber')
call s:Check('10_000 \zsgpu', 'sluiceUnit')
call s:Check('30_000 \zsUSD/gpu', 'sluiceUnit')
call s:Check('advance_A  = \zs60%', 'sluiceNumber')
call s:Check('advance_A  = 60\zs%', 'sluiceNumberSuffix')
call s:Check('\zsmarket {', 'sluiceDeclaration')
call s:Check('\zsdraw   deflation', 'sluiceDeclaration')
call s:Check('draw   \zsdeflation', 'sluiceDeclName')
call s:Check('\zsuniform(', 'sluiceBuiltin')
call s:Check(') \zsper year', 'sluicePer')
call s:Check(') per \zsyear', 'sluiceUnit')
call s:Check('// \zsdrawn once', 'sluiceLineComment')
call s:Check('factor \zsgpu_rate', 'sluiceDeclName')
call s:Check('lognormal(\zsstart:', 'NONE')
call s:Check('start: 2.10 \zsUSD/gpu/h', 'sluiceUnit')
call s:Check('\zsjumps poisson', 'sluiceKeyword')
call s:Check(') \zssize -20%', 'sluiceKeyword')
call s:Check('\zscorrelate', 'sluiceDeclaration')
call s:Check('\zsfleet gpus', 'sluiceDeclaration')
call s:Check('fleet \zsgpus', 'sluiceBlockName')
call s:Check('^    \zsunits     fleet_size', 'sluiceProperty')
call s:Check('units     \zsfleet_size', 'NONE')
call s:Check('\zsbook      std', 'sluiceProperty')
call s:Check('gpu_rate\zs\.start', 'sluiceMember')
call s:Check('^    \zsliquidate fire_sale', 'sluiceProperty')
call s:Check('liquidate \zsfire_sale', 'sluiceBuiltin')
call s:Check('depth: 1_500 \zsgpu per', 'sluiceUnit')
call s:Check('\zslease anchor', 'sluiceDeclaration')
call s:Check('lease \zsanchor', 'sluiceLeaseName')
call s:Check('anchor \zson gpus', 'sluiceLeaseOn')
call s:Check('lessee      \zs"AI Lab A"', 'sluiceString')
call s:Check('\zsrent        2.20', 'sluiceProperty')
call s:Check('2.20 USD/gpu/h \zsfor 36', 'sluiceKeyword')
call s:Check('for 36 \zsmonths', 'sluiceUnit')
call s:Check(', \zsthen gpu_rate', 'sluiceConditional')
call s:Check('default     \zshazard', 'sluiceLead')
call s:Check(', \zsrecovery 25%', 'sluiceLead')
call s:Check('\zsexpense hosting', 'sluiceDeclaration')
call s:Check('expense \zshosting', 'sluiceDeclName')
call s:Check('\zsfee     servicing', 'sluiceDeclaration')
call s:Check('\zstranche A', 'sluiceDeclaration')
call s:Check('tranche \zsA {', 'sluiceBlockName')
call s:Check('sofr + \zs225bp', 'sluiceNumber')
call s:Check('sofr + 225\zsbp', 'sluiceNumberSuffix')
call s:Check('amortization \zslevel over', 'sluiceFlag')
call s:Check('level \zsover 48', 'sluiceLead')
call s:Check('amortization \zsbullet', 'sluiceFlag')
call s:Check('\zsequity E', 'sluiceDeclaration')
call s:Check('equity \zsE', 'sluiceDeclName')
call s:Check('account \zsreserve', 'sluiceBlockName')
call s:Check('^    \zstarget  6', 'sluiceProperty')
call s:Check('\zslet  cfads', 'sluiceDeclaration')
call s:Check('= \zscollections - hosting', 'sluiceBuiltinVar')
call s:Check('\zstest dscr', 'sluiceDeclaration')
call s:Check('test \zsdscr', 'sluiceDeclName')
call s:Check('trigger \zscash_trap', 'sluiceDeclName')
call s:Check('cash_trap          \zswhen', 'sluiceKeyword')
call s:Check('dscr \zs< 1.20x', 'sluiceOperator')
call s:Check('< 1.20\zsx', 'sluiceNumberSuffix')
call s:Check('for 2 \zsperiods', 'sluiceUnit')
call s:Check(', \zscure when', 'sluiceKeyword')
call s:Check('when \zsprev(', 'sluiceBuiltin')
call s:Check('> 0 \zsUSD or', 'sluiceUnit')
call s:Check('USD \zsor ltv', 'sluiceLogical')
call s:Check('\zswaterfall {', 'sluiceDeclaration')
call s:Check('\zspay trustee', 'sluiceStep')
call s:Check('\zsfill reserve to target', 'sluiceStep')
call s:Check('fill reserve \zsto target', 'sluiceStepWord')
call s:Check('fill reserve to \zstarget', 'sluiceLead')
call s:Check('\zsif event_of_default', 'sluiceConditional')
call s:Check('\zsliquidate gpus', 'sluiceStep')
call s:Check('A.principal \zsin full', 'sluiceStepWord')
call s:Check('} \zselse if', 'sluiceConditional')
call s:Check('\zsscheduled', 'sluiceStepWord')
call s:Check('pay E \zsresidual', 'sluiceStepWord')
call s:Check('\zsreport {', 'sluiceDeclaration')
call s:Check('\zsseries      dscr', 'sluiceReportSection')
call s:Check('\zsmetrics     A', 'sluiceReportSection')
call s:Check('\zsprobability event', 'sluiceReportSection')
call s:Check('\zsrisk_free   sofr', 'sluiceReportSection')

" ---- syntax: one-line blocks and words whose role depends on their place --------------
call s:Open('tests/editors/grammar/properties.deal')
call s:Check('template \zsbacked(', 'sluiceDeclName')
call s:Check('(collateral: \zsHolding', 'sluiceType')
call s:Check('tranche note { \zsbalance size', 'sluiceProperty')
call s:Check('balance \zssize  coupon', 'NONE')
call s:Check('balance size  \zscoupon rate', 'sluiceProperty')
call s:Check('coupon rate  \zsamortization', 'sluiceProperty')
call s:Check('day_count \zsACT/365F', 'sluiceDayCount')
call s:Check(', \zscopula 30%', 'sluiceLead')
call s:Check('units 40 gpu  \zsrent market_rate', 'sluiceProperty')
call s:Check('rent market_rate  \zsutilization', 'sluiceProperty')
call s:Check('^    \zsslippage 3%', 'sluiceProperty')
call s:Check('USD/BTC  \zsslippage 1%', 'sluiceProperty')
call s:Check('7.50%, \zsfloor 1%', 'sluiceLead')
call s:Check('prepayment   \zspsa(', 'sluiceBuiltin')
call s:Check('1.5\zsm USD', 'sluiceNumberSuffix')
call s:Check('maturity \zs18 months', 'sluiceNumber')
call s:Check('balance \zsfloor(1_234_567', 'sluiceBuiltin')
call s:Check('8%, \zsfloor 7%', 'sluiceLead')
call s:Check('= \zsround(R.interest', 'sluiceBuiltin')
call s:Check('\zsmod(R.interest', 'sluiceBuiltin')
call s:Check('amortization \zstarget 500k', 'sluiceLead')
call s:Check('use \zsbacked as m', 'sluiceUseTemplate')
call s:Check('use backed \zsas m', 'sluiceUseAs')
call s:Check('use backed as \zsm {', 'sluiceBlockName')
call s:Check('{ \zscollateral treasury', 'sluiceProperty')
call s:Check('collateral treasury  \zssize 1m', 'sluiceProperty')

call s:Open('tests/editors/grammar/lexical.deal')
call s:Check('^\zs/\* A lexical tour', 'sluiceBlockComment')
call s:Check('hide keywords: \zsdeal', 'sluiceBlockComment')
call s:Check('"Lexical \zs\\"tour', 'sluiceEscape')
call s:Check('1\\t2 \zs// not a comment', 'sluiceString')
call s:Check('1.5\zsbn USD', 'sluiceNumberSuffix')
call s:Check('1.5bn \zsUSD', 'sluiceUnit')
call s:Check('= \zs2.5e3 USD', 'sluiceNumber')
call s:Check('1.35\zsx', 'sluiceNumberSuffix')
call s:Check('100 \zsUSD/fleet_size', 'sluiceUnit')
call s:Check('10 \zsUSD\*h', 'sluiceUnit')
call s:Check('2.10 USD/gpu/h \zs\* fleet_size', 'sluiceOperator')
call s:Check('>= 1_000 gpu \zsand true', 'sluiceLogical')
call s:Check('and \zstrue', 'sluiceBoolean')
call s:Check('= \zsperiod_number > 3', 'sluiceBuiltinVar')

call s:Open('tests/editors/grammar/errors.deal')
call s:Check('"Bad \zs\\q escape', 'sluiceEscapeError')
call s:Check('period   \zsweekly', 'sluiceBadPeriod')
call s:Check('^            \zsEUR', 'sluiceProperty')

" ---- indentation ------------------------------------------------------------------------
call s:CheckIndent('tests/editors/indent/sample.deal')

call writefile(s:failures, $SLUICE_VIM_RESULT)
qall!
